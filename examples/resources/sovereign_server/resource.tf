resource "sovereign_network" "app" {
  name            = "app"
  internet_access = true
}

resource "sovereign_security_group" "web" {
  name = "web"
}

data "sovereign_image" "ubuntu" {
  name = "Ubuntu 24.04"
}

# Sized by cores and memory: the smallest flavor that fits.
resource "sovereign_server" "web" {
  name               = "web-1"
  image              = data.sovereign_image.ubuntu.id
  network_id         = sovereign_network.app.id
  cores              = 2
  memory_gb          = 4
  security_group_ids = [sovereign_security_group.web.id]
  ssh_public_keys    = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LW9ubHktZm9yLXRoZS1kb2NzLXh4 admin@example"]
  user_data          = <<-EOT
    #cloud-config
    packages: [nginx]
  EOT

  labels = {
    role = "web"
  }

  timeouts {
    create = "30m"
  }
}

# Sized by the cloud's flavor name, booted from an image name.
resource "sovereign_server" "worker" {
  name                = "worker-1"
  image               = "Debian 12"
  network_id          = sovereign_network.app.id
  flavor              = "SCS-4V-8"
  boot_volume_size_gb = 50
}
