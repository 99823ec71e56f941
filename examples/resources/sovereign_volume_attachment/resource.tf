resource "sovereign_network" "app" {
  name = "app"
}

resource "sovereign_server" "web" {
  name       = "web-1"
  image      = "Ubuntu 24.04"
  network_id = sovereign_network.app.id
  flavor     = "SCS-2V-4"
}

resource "sovereign_volume" "data" {
  name    = "data"
  size_gb = 100
}

resource "sovereign_volume_attachment" "data" {
  server_id = sovereign_server.web.id
  volume_id = sovereign_volume.data.id
}

output "data_device" {
  value = sovereign_volume_attachment.data.device
}
