resource "sovereign_network" "app" {
  name = "app"
  # Floating IPs need a route out on OpenStack clouds; leave this out on IONOS.
  internet_access = true
}

resource "sovereign_server" "web" {
  name       = "web-1"
  image      = "Ubuntu 24.04"
  network_id = sovereign_network.app.id
  flavor     = "SCS-2V-4"
}

resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "web_address" {
  value = sovereign_public_ip.web.address
}
