resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "web_address" {
  value = sovereign_public_ip.web.address
}
