# The stack VM: Docker Compose running the compose target's file (compose/docker-compose.yml)
# with Kafka advertised on the VM's static internal IP, and the package proxy the sandbox VMs
# install through. No external IP: Cloud NAT (platform subnet only) for pulls, IAP for access.
# What it runs (compose/ with dist/, the npm manifests and the UDF jar its images and ksqlDB take
# from the repository) is a bundle in a private bucket of the sandbox, which only the VM's own
# service account may read; the VM fetches it at boot.

resource "google_storage_bucket" "bundle" {
  name                        = "${var.prefix}-${var.project}-bundle"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = true
  labels                      = var.labels
}

resource "google_storage_bucket_object" "bundle" {
  name         = "stack-bundle-${var.stack_bundle_sha256}.tar.gz"
  bucket       = google_storage_bucket.bundle.name
  source       = var.stack_bundle_path
  content_type = "application/gzip"
}

resource "google_service_account" "stack" {
  account_id   = substr("${var.prefix}-stack", 0, 30)
  display_name = "ziem stack VM of ${var.prefix}"
}

resource "google_storage_bucket_iam_member" "stack_reads_bundle" {
  bucket = google_storage_bucket.bundle.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.stack.email}"
}

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
    "ziem-stack-bundle"      = "${google_storage_bucket.bundle.name}/${google_storage_bucket_object.bundle.name}"
    "ziem-apt-proxy-port"    = tostring(var.apt_proxy_port)
    "ziem-apt-proxy-allow"   = var.sandbox_subnet_cidr
  }

  # the bundle's reader: read-only Cloud Storage, nothing else
  service_account {
    email  = google_service_account.stack.email
    scopes = ["https://www.googleapis.com/auth/devstorage.read_only"]
  }

  depends_on = [google_storage_bucket_iam_member.stack_reads_bundle]

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }
}
