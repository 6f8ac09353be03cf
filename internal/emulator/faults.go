package emulator

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is a way for a VBS request to go wrong.
type FaultKind string

const (
	// FaultStatus answers Fault.Status with an error body in the Cinder
	// shape (and Retry-After for 429/503 when Fault.RetryAfter is set).
	FaultStatus FaultKind = "status"
	// FaultDrop closes the connection without an answer.
	FaultDrop FaultKind = "drop"
	// FaultMalformed answers 200 with a body that is not JSON.
	FaultMalformed FaultKind = "malformed"
	// FaultTruncated answers 200, promises a longer body, sends half of it
	// and closes the connection.
	FaultTruncated FaultKind = "truncated"
	// FaultWrongType answers 200 with "size": "1" where an integer belongs.
	FaultWrongType FaultKind = "wrong-type"
	// FaultHTML answers 200 with an HTML page, as a misrouted proxy does.
	FaultHTML FaultKind = "html"
	// FaultHuge answers 200 with a valid but enormous JSON body (40 MiB),
	// chunked; FaultHugeDeclared sends the same with its Content-Length.
	// Each MiB that left the server counts as "fault.huge.mib" in Stats.
	FaultHuge         FaultKind = "huge"
	FaultHugeDeclared FaultKind = "huge-declared"
	// FaultDelay holds the request for Fault.Delay, then serves it normally:
	// a latency spike.
	FaultDelay FaultKind = "delay"
	// FaultEndless answers 200 and streams a body that never ends, until the
	// client goes away.
	FaultEndless FaultKind = "endless"
	// FaultStall answers 200, sends the start of a body and then nothing,
	// holding the connection open until the client goes away.
	FaultStall FaultKind = "stall"
	// FaultLostAnswer serves the request (a write is done) and then answers
	// as FaultStatus does: a gateway whose backend did the work but whose
	// answer was lost. A client that tries again meets what it did.
	FaultLostAnswer FaultKind = "lost-answer"
)

// Fault is one injected failure. Op limits it to one operation ("list",
// "count", "get", "create", "delete", or a CBR one: "cbr.add",
// "cbr.delete", ...); empty means any VBS or CBR request. Skip
// lets that many matching requests through before the fault fires.
type Fault struct {
	Kind       FaultKind
	Op         string
	Status     int
	RetryAfter string
	Skip       int
	Delay      time.Duration
}

// InjectFaults queues faults; each is used once, by the next VBS request of
// its operation, in order. IAM requests are never faulted.
func (s *Server) InjectFaults(faults ...Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, faults...)
	s.mu.Unlock()
}

// FailSignIns makes the next sign-ins (POST /v3/auth/tokens) answer with
// these statuses, one each, as a gateway in front of IAM does for a moment.
func (s *Server) FailSignIns(statuses ...int) {
	s.mu.Lock()
	s.signInFaults = append(s.signInFaults, statuses...)
	s.mu.Unlock()
}

// PendingFaults is how many queued faults have not fired yet.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults)
}

// SetRandomFaults makes a share of VBS requests (rate, 0..1) fail with one
// of the given faults, picked at random with a fixed seed so runs repeat.
// Rate 0 turns it off.
func (s *Server) SetRandomFaults(rate float64, seed uint64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rate <= 0 || len(faults) == 0 {
		s.randFail = nil
		return
	}
	//nolint:gosec // seeded on purpose, so fault runs repeat
	s.randFail = &randomFaults{
		rate:   rate,
		faults: faults,
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
}

type randomFaults struct {
	rate   float64
	faults []Fault
	rng    *rand.Rand
}

// nextFault takes the first queued fault for op, else maybe a random one.
func (s *Server) nextFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Op != "" && f.Op != op {
			continue
		}
		if f.Skip > 0 {
			s.faults[i].Skip--
			break
		}
		s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		return f, true
	}
	if rf := s.randFail; rf != nil && rf.rng.Float64() < rf.rate {
		return rf.faults[rf.rng.IntN(len(rf.faults))], true
	}
	return Fault{}, false
}

// applyFault serves the next fault for the request's operation, if any, and
// reports whether it answered the request.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, op string) bool {
	f, ok := s.nextFault(op)
	if !ok {
		return false
	}
	s.count("fault." + string(f.Kind))
	serve, known := faultServers[f.Kind]
	if !known {
		writeCinderError(w, http.StatusInternalServerError, "computeFault", "Unknown injected fault "+string(f.Kind)+".")
		return true
	}
	return serve(s, w, r, f, op)
}

// faultServer serves one kind of fault and reports whether it answered the
// request; a delay does not, and the request is served after it.
type faultServer func(s *Server, w http.ResponseWriter, r *http.Request, f Fault, op string) bool

// faultServers is the table of faults: a new kind is one entry here and
// its constant above.
var faultServers = map[FaultKind]faultServer{
	FaultDelay:     serveDelay,
	FaultStatus:    serveStatus,
	FaultDrop:      func(*Server, http.ResponseWriter, *http.Request, Fault, string) bool { abort(); return true },
	FaultMalformed: answer("application/json", `{"shared": [{"id": "e842bf23", "backup": {"size": 1,,}`),
	FaultHTML:      answer("text/html; charset=utf-8", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
	FaultTruncated: serveTruncated,
	FaultWrongType: serveWrongType,
	FaultHuge: func(s *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ string) bool {
		s.writeHuge(w, false)
		return true
	},
	FaultHugeDeclared: func(s *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ string) bool {
		s.writeHuge(w, true)
		return true
	},
	FaultStall:   serveStall,
	FaultEndless: serveEndless,
	FaultLostAnswer: func(s *Server, w http.ResponseWriter, r *http.Request, f Fault, op string) bool {
		s.mux.ServeHTTP(&discardWriter{header: http.Header{}}, r) // the fault is used: the request is served
		return serveStatus(s, w, r, f, op)
	},
}

// discardWriter takes an answer nobody receives.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// answer is a fault that answers 200 with a fixed body.
func answer(contentType, body string) faultServer {
	return func(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ string) bool {
		writeRaw(w, contentType, body)
		return true
	}
}

func serveDelay(_ *Server, _ http.ResponseWriter, r *http.Request, f Fault, _ string) bool {
	select {
	case <-time.After(f.Delay):
		return false
	case <-r.Context().Done():
		return true
	}
}

func serveStatus(_ *Server, w http.ResponseWriter, _ *http.Request, f Fault, _ string) bool {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusServiceUnavailable
	}
	writeCinderError(w, status, faultName(status), "Injected fault: "+http.StatusText(status)+".")
	return true
}

func serveTruncated(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, _ string) bool {
	full := `{"shared": [{"backup": {"availability_zone": "AZ1", "id": "066b1e37-9305-4057-97e5-2e99b21fc71d", "size": 1}, "id": "e842bf23-1e05-4c2c-b0f9-25222f4686da"}]}`
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(full)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(full[:len(full)/2]))
	flush(w)
	abort()
	return true
}

func serveWrongType(_ *Server, w http.ResponseWriter, _ *http.Request, _ Fault, op string) bool {
	body := `{"backup": {"id": "066b1e37-9305-4057-97e5-2e99b21fc71d", "size": "1"}, "backup_id": "066b1e37-9305-4057-97e5-2e99b21fc71d", "id": "e842bf23-1e05-4c2c-b0f9-25222f4686da", "from_project_id": "a", "to_project_id": "b", "created_at": null, "updated_at": null}`
	if op != "get" {
		body = "[" + body + "]"
	}
	writeRaw(w, "application/json", `{"shared": `+body+`}`)
	return true
}

func serveStall(_ *Server, w http.ResponseWriter, r *http.Request, _ Fault, _ string) bool {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "4096")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"shared": [`))
	flush(w)
	<-r.Context().Done()
	return true
}

func serveEndless(_ *Server, w http.ResponseWriter, r *http.Request, _ Fault, _ string) bool {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"shared": [`))
	for {
		select {
		case <-r.Context().Done():
			return true
		case <-time.After(10 * time.Millisecond):
		}
		if _, err := w.Write([]byte(" ")); err != nil {
			return true
		}
		flush(w)
	}
}

func flush(w http.ResponseWriter) {
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
}

// writeHuge sends 40 MiB of valid JSON, beyond any sane page, counting
// each MiB that left.
func (s *Server) writeHuge(w http.ResponseWriter, declare bool) {
	const head, tail, mib = `{"shared": [], "padding": "`, `"}`, 40
	w.Header().Set("Content-Type", "application/json")
	if declare {
		w.Header().Set("Content-Length", strconv.Itoa(len(head)+mib<<20+len(tail)))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(head))
	chunk := []byte(strings.Repeat("x", 1<<20))
	for range mib {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		s.count("fault.huge.mib")
	}
	_, _ = w.Write([]byte(tail))
}

func faultName(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "overLimit"
	case http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout:
		return "serviceUnavailable"
	default:
		return "computeFault"
	}
}

func writeRaw(w http.ResponseWriter, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

// abort ends the connection without a proper answer; net/http recovers
// ErrAbortHandler silently and closes the connection.
func abort() {
	panic(http.ErrAbortHandler)
}
