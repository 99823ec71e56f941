resource "sovereign_security_group" "web" {
  name        = "web"
  description = "HTTPS from anywhere"

  labels = {
    team = "platform"
  }
}
