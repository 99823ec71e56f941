resource "sovereign_security_group" "web" {
  name = "web"
}

# HTTPS from anywhere (IPv4).
resource "sovereign_security_group_rule" "https" {
  security_group_id = sovereign_security_group.web.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 443
  port_max          = 443
  remote_cidr       = "0.0.0.0/0"
  description       = "HTTPS"
}

# Ping over IPv6 (the ethertype follows the remote range).
resource "sovereign_security_group_rule" "ping6" {
  security_group_id = sovereign_security_group.web.id
  direction         = "ingress"
  protocol          = "icmp"
  remote_cidr       = "::/0"
}
