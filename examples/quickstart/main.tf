# A network with internet access on whichever cloud the provider is pointed at.
# With the emulator: eval "$(sovereign-emulator env plusserver)" and a bare provider block works.

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
  name            = var.name
  cidr            = "10.20.0.0/24"
  dns_nameservers = ["9.9.9.9"]
  internet_access = true
  labels = {
    app = "quickstart"
  }
}

data "sovereign_cloud" "current" {}

output "cloud" {
  value = "${data.sovereign_cloud.current.cloud} (${data.sovereign_cloud.current.region})"
}

output "network_id" {
  value = sovereign_network.app.id
}

output "gateway_ip" {
  value = sovereign_network.app.gateway_ip
}
