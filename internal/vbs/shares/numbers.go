package shares

import "github.com/vbsteam/terraform-provider-vbs/internal/vbs"

// Integer is an integer field of the API (the core's vbs.Integer, which the
// CBR package reads too): "1.0" and "1e3" are read as the integers they are.
type Integer = vbs.Integer

func jsonValueKind(b []byte) string { return vbs.JSONValueKind(b) }

func kindOf(c byte) string { return vbs.KindOf(c) }
