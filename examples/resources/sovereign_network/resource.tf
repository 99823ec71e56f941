resource "sovereign_network" "app" {
  name            = "app"
  cidr            = "10.20.0.0/24"
  dns_nameservers = ["9.9.9.9", "149.112.112.112"]
  internet_access = true

  labels = {
    team = "platform"
  }

  timeouts {
    create = "10m"
    delete = "10m"
  }
}
