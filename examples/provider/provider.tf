terraform {
  required_providers {
    vbs = {
      source = "vbsteam/vbs"
    }
  }
}

# Password authentication through IAM. Every argument can come from the
# environment instead (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, ...); keep the
# password there rather than in the configuration.
provider "vbs" {
  region      = "eu-de"
  auth_url    = "https://iam.eu-de.otc.t-systems.com/v3"
  domain_name = "OTC-EU-DE-00000000001000000001"
  project_id  = "c13f5220dc1949b0b741ea81a7cd5554"
  user_name   = "backup-auditor"
}
