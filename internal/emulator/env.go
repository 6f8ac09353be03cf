package emulator

// SampleUserEnv is the environment, as NAME=value entries, under which an
// empty provider "vbs" {} signs in to an emulator at base as the sample
// user, in the sample sharer project, through its IAM and catalog.
func SampleUserEnv(base string) []string {
	return []string{
		"OS_AUTH_URL=" + base + "/v3",
		"OS_USERNAME=" + SampleUser,
		"OS_PASSWORD=" + SamplePassword,
		"OS_DOMAIN_NAME=" + SampleDomain,
		"OS_PROJECT_ID=" + SampleSharerProject,
	}
}

// SampleAKSKEnv is the AK/SK alternative to SampleUserEnv: signed requests,
// no IAM token; VBS comes from IAM's catalog for each project, so every
// region of the sample is reached.
func SampleAKSKEnv(base string) []string {
	return []string{
		"OS_AUTH_URL=" + base + "/v3",
		"OS_ACCESS_KEY=" + SampleAccessKey,
		"OS_SECRET_KEY=" + SampleSecretKey,
		"OS_PROJECT_ID=" + SampleSharerProject,
	}
}
