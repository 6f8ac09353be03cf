package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// writeJSON writes a JSON body the way the service does: HTML characters
// unescaped, Content-Type application/json.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeCinderError writes the Cinder shape: {"<fault>": {"message", "code"}}
// with the numeric HTTP status as code.
func writeCinderError(w http.ResponseWriter, status int, fault, message string) {
	writeJSON(w, status, map[string]any{fault: map[string]any{"message": message, "code": status}})
}

// writeGatewayUnauthorized writes the API gateway's shape for requests it refuses
// before they reach the service.
// The gateway refuses with APIGW.0301 whatever the reason; the message
// says which.
func writeGatewayUnauthorized(w http.ResponseWriter, message string) {
	writeJSON(w, http.StatusUnauthorized, map[string]any{
		"error_msg":  message,
		"error_code": "APIGW.0301",
		"request_id": w.Header().Get("X-Request-Id"),
	})
}

// writeVBSError writes VBS's own shape: {"error": {"message", "code"}}
// with a VolumeBackup code.
func writeVBSError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": message, "code": code}})
}

func badRequest(w http.ResponseWriter, message string) {
	writeCinderError(w, http.StatusBadRequest, "badRequest", message)
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeCinderError(w, http.StatusMethodNotAllowed, "methodNotAllowed", "The method "+r.Method+" is not allowed for this resource.")
}
