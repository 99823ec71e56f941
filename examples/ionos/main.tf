# Two servers behind a security group in an IONOS Cloud data center: a web server with a
# public IP and a database server with a faster boot volume and a data volume. The same
# resources as examples/plusserver and examples/otc; what differs is IONOS's own:
#   - the network is a private LAN, and IONOS assigns its IPv4 block (no `cidr`; it is read
#     back into `sovereign_network.app.cidr`); a LAN takes no DNS servers, labels or
#     internet access (outbound traffic goes through the public IP);
#   - servers are sized exactly: `cores` + `memory_gb`, or a flavor name that stands for a
#     size (SCS names such as SCS-2V-4, or the aliases XS, S, M, L, XL, XXL);
#   - volume types are IONOS's: HDD, SSD Standard (the default), SSD Premium.
#
# Credentials come from the environment, as for IONOS's own tools:
#   SOVEREIGN_CLOUD=ionos, IONOS_TOKEN (or IONOS_USERNAME + IONOS_PASSWORD) and
#   IONOS_DATACENTER_ID (the data center to work in; its location is the region).
# Against the emulator: eval "$(sovereign-emulator env ionos)".

terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

provider "sovereign" {}

variable "ssh_public_key" {
  description = "An OpenSSH public key for the servers' default user (optional; without one IONOS needs an image password, which the provider sets at random and never shows)."
  type        = string
  default     = null
}

locals {
  ssh_public_keys = var.ssh_public_key == null ? null : [var.ssh_public_key]
}

# A private LAN; IONOS picks its /24.
resource "sovereign_network" "app" {
  name = "app"
}

# A network security group: it starts with all egress allowed and no ingress.
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

data "sovereign_image" "ubuntu" {
  name_regex  = "^ubuntu-24.04"
  most_recent = true
}

# On IONOS the smallest fit is exact: 2 cores and 4 GB.
data "sovereign_flavor" "small" {
  min_cores     = 2
  min_memory_gb = 4
}

resource "sovereign_server" "web" {
  name               = "web"
  image              = data.sovereign_image.ubuntu.id
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
  image              = data.sovereign_image.ubuntu.id
  cores              = 2
  memory_gb          = 4
  network_id         = sovereign_network.app.id
  security_group_ids = [sovereign_security_group.web.id]
  ssh_public_keys    = local.ssh_public_keys
  boot_volume_type   = "SSD Premium"

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

# An IP block of size 1, on a NIC of the web server in a public LAN the provider manages.
resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "web_address" {
  value = sovereign_public_ip.web.address
}

output "db_private_ip" {
  value = sovereign_server.db.private_ip
}

output "lan_block" {
  value = sovereign_network.app.cidr
}

output "data_device" {
  value = sovereign_volume_attachment.data.device
}

# Database dumps, versioned. Bucket names are global per cloud: pick your own. The S3 keys
# come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the provider's `s3` block).
variable "backup_bucket" {
  description = "The name of the bucket for database dumps (unique on the cloud)."
  type        = string
  default     = "example-app-db-dumps"
}

resource "sovereign_bucket" "dumps" {
  name       = var.backup_bucket
  versioning = true

  labels = {
    app = "shop"
  }
}
