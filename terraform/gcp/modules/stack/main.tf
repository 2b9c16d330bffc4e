# The stack VM: Docker Compose running the compose target's file (compose/docker-compose.yml)
# with Kafka advertised on the VM's static internal IP, and the package proxy the sandbox VMs
# install through. No external IP: Cloud NAT (platform subnet only) for pulls, IAP for access.

resource "google_compute_address" "stack" {
  name         = "${var.prefix}-stack"
  region       = var.region
  subnetwork   = var.subnetwork
  address_type = "INTERNAL"
  address      = var.internal_ip
  labels       = merge(var.labels, { "ziem-role" = "stack" })
}

resource "google_compute_instance" "stack" {
  name         = "${var.prefix}-stack"
  zone         = var.zone
  machine_type = var.machine_type
  tags         = [var.network_tag]
  labels       = merge(var.labels, { "ziem-role" = "stack" })

  boot_disk {
    auto_delete = true
    initialize_params {
      image  = var.image
      size   = var.disk_size_gb
      type   = "pd-balanced"
      labels = var.labels
    }
  }

  network_interface {
    subnetwork = var.subnetwork
    network_ip = google_compute_address.stack.address
  }

  metadata = {
    "enable-oslogin"         = "TRUE"
    "block-project-ssh-keys" = "TRUE"
    "startup-script"         = var.startup_script
    "ziem-advertised-host"   = var.internal_ip
    "ziem-compose-bundle"    = var.compose_bundle_base64
    "ziem-apt-proxy-port"    = tostring(var.apt_proxy_port)
    "ziem-apt-proxy-allow"   = var.sandbox_subnet_cidr
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
}
