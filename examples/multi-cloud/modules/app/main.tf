# One small application stack, written once for every cloud: a network, a security group that
# admits SSH and HTTPS, one server sized by cores and memory (each cloud picks its smallest
# flavor that fits; IONOS sizes it exactly) and a public IP on it. The root module applies it
# through four provider aliases; inside, it only knows "the sovereign provider".

terraform {
  required_providers {
    sovereign = {
      source = "sovereign-cloud/sovereign"
    }
  }
}

variable "name" {
  description = "Prefix of every name."
  type        = string
}

variable "image_regex" {
  description = "A regular expression that matches exactly one image name on every cloud."
  type        = string
}

data "sovereign_cloud" "here" {}

data "sovereign_image" "os" {
  name_regex  = var.image_regex
  most_recent = true
}

resource "sovereign_network" "app" {
  name = var.name
  # A public IP needs a route out on the OpenStack clouds (a router, OTC's SNAT) and on
  # STACKIT; an IONOS LAN has none to give (a public IP brings its own NIC there).
  internet_access = data.sovereign_cloud.here.cloud != "ionos"
}

resource "sovereign_security_group" "web" {
  name        = "${var.name}-web"
  description = "SSH and HTTPS from anywhere"
}

resource "sovereign_security_group_rule" "ingress" {
  for_each = { ssh = 22, https = 443 }

  security_group_id = sovereign_security_group.web.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = each.value
  port_max          = each.value
  remote_cidr       = "0.0.0.0/0"
}

resource "sovereign_server" "web" {
  name               = "${var.name}-web"
  image              = data.sovereign_image.os.id
  network_id         = sovereign_network.app.id
  cores              = 2
  memory_gb          = 4
  security_group_ids = [sovereign_security_group.web.id]
}

resource "sovereign_public_ip" "web" {
  server_id = sovereign_server.web.id
}

output "summary" {
  description = "Where the stack runs and how to reach it."
  value = {
    cloud     = data.sovereign_cloud.here.cloud
    region    = data.sovereign_cloud.here.region
    flavor    = sovereign_server.web.flavor
    public_ip = sovereign_public_ip.web.address
  }
}
