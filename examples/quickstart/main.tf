# A network and a security group that admits SSH, on whichever cloud the provider is pointed
# at: the same file works unchanged on IONOS, OTC and plusserver (it uses only what every
# cloud can do; the cloud picks the network's range).
# With the emulator: eval "$(sovereign-emulator env plusserver)" (or otc, ionos) and a bare
# provider block works.

terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

provider "sovereign" {}

variable "name" {
  type    = string
  default = "quickstart"
}

resource "sovereign_network" "app" {
  name = var.name
}

resource "sovereign_security_group" "ssh" {
  name        = "${var.name}-ssh"
  description = "SSH from anywhere"
}

resource "sovereign_security_group_rule" "ssh" {
  security_group_id = sovereign_security_group.ssh.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 22
  port_max          = 22
  remote_cidr       = "0.0.0.0/0"
}

data "sovereign_cloud" "current" {}

output "cloud" {
  value = "${data.sovereign_cloud.current.cloud} (${data.sovereign_cloud.current.region})"
}

output "network_id" {
  value = sovereign_network.app.id
}

output "network_cidr" {
  value = sovereign_network.app.cidr
}

output "security_group_id" {
  value = sovereign_security_group.ssh.id
}
