# Two servers behind a security group on Open Telekom Cloud: a web server with an EIP and a
# database server with an SSD root volume and a data volume. The same resources as
# examples/plusserver; only the image name and the root volume type are OTC's.
#
# Credentials and region come from the environment, as for OTC's own tools:
#   SOVEREIGN_CLOUD=otc plus OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME (the account,
#   OTC-EU-DE-000...), OS_REGION_NAME=eu-de; or OTC_ACCESS_KEY/OTC_SECRET_KEY (AK/SK) instead
#   of the password; or OS_CLOUD and clouds.yaml.
# Against the emulator: eval "$(sovereign-emulator env otc)".

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

# A VPC with one subnet; internet_access turns on the VPC's shared SNAT.
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
  image              = "Standard_Ubuntu_24.04_latest"
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
  image              = "Standard_Ubuntu_24.04_latest"
  flavor             = data.sovereign_flavor.small.name
  network_id         = sovereign_network.app.id
  security_group_ids = [sovereign_security_group.web.id]
  ssh_public_keys    = local.ssh_public_keys
  boot_volume_type   = "SSD"

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

# An EIP (5_bgp) with its own bandwidth, bound to the web server's NIC.
resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "web_address" {
  value = sovereign_public_ip.web.address
}

output "db_private_ip" {
  value = sovereign_server.db.private_ip
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
