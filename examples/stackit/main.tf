# Two servers behind a security group in a STACKIT project: a web server with a public IP and
# a database server with a faster boot volume and a data volume. The same resources as
# examples/plusserver, examples/otc and examples/ionos; what differs is STACKIT's own:
#   - names follow STACKIT's rules (server names are host names; other names letters, digits
#     and ` /._-` between them), and so do labels;
#   - flavors are STACKIT machine types; `cores` + `memory_gb` pick the smallest that fits;
#   - volume types are STACKIT performance classes.
#
# Credentials come from the environment, as for STACKIT's own tools:
#   SOVEREIGN_CLOUD=stackit, STACKIT_PROJECT_ID, and STACKIT_SERVICE_ACCOUNT_KEY_PATH (a
#   service-account key file; the provider signs in with it and renews its tokens) or
#   STACKIT_SERVICE_ACCOUNT_TOKEN; STACKIT_REGION (default eu01).
# Against the emulator: eval "$(sovereign-emulator env stackit)".

terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

provider "sovereign" {}

variable "ssh_public_key" {
  description = "An OpenSSH public key for the servers' default user (optional)."
  type        = string
  default     = null
}

locals {
  ssh_public_keys = var.ssh_public_key == null ? null : [var.ssh_public_key]
}

# A network with a /24 and internet access (routed; fixed once created).
resource "sovereign_network" "app" {
  name            = "app"
  cidr            = "10.42.0.0/24"
  internet_access = true
}

resource "sovereign_security_group" "web" {
  name        = "web"
  description = "SSH and HTTPS from anywhere"
}

resource "sovereign_security_group_rule" "ssh" {
  security_group_id = sovereign_security_group.web.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 22
  port_max          = 22
  remote_cidr       = "0.0.0.0/0"
}

resource "sovereign_security_group_rule" "https" {
  security_group_id = sovereign_security_group.web.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 443
  port_max          = 443
  remote_cidr       = "0.0.0.0/0"
}

data "sovereign_flavor" "small" {
  min_cores     = 2
  min_memory_gb = 4
}

resource "sovereign_server" "web" {
  name               = "web"
  image              = "Ubuntu 24.04"
  flavor             = data.sovereign_flavor.small.name
  network_id         = sovereign_network.app.id
  security_group_ids = [sovereign_security_group.web.id]
  ssh_public_keys    = local.ssh_public_keys

  labels = {
    role = "web"
  }
}

resource "sovereign_server" "db" {
  name               = "db"
  image              = "Ubuntu 24.04"
  flavor             = data.sovereign_flavor.small.name
  network_id         = sovereign_network.app.id
  security_group_ids = [sovereign_security_group.web.id]
  ssh_public_keys    = local.ssh_public_keys
  boot_volume_type   = "storage_premium_perf6"

  labels = {
    role = "db"
  }
}

resource "sovereign_volume" "data" {
  name    = "db-data"
  size_gb = 20
}

resource "sovereign_volume_attachment" "data" {
  server_id = sovereign_server.db.id
  volume_id = sovereign_volume.data.id
}

# A public IP on the web server's network interface.
resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "web_address" {
  value = sovereign_public_ip.web.address
}

output "db_private_ip" {
  value = sovereign_server.db.private_ip
}
