resource "sovereign_volume_attachment" "data" {
  server_id = sovereign_server.web.id
  volume_id = sovereign_volume.data.id
}

output "data_device" {
  value = sovereign_volume_attachment.data.device
}
