// Command vbs-emulator serves the VBS sharing emulator on a loopback port,
// for make demo and for developing against it by hand.
//
//	go run ./internal/cmd/vbs-emulator -listen 127.0.0.1:0 -url-file /tmp/vbs.url
//
// It prints the base URL (use it as auth_url + "/v3" and as endpoint) and
// serves until interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vbs-emulator:", err)
		os.Exit(1)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback; port 0 picks a free one)")
	dataFile := flag.String("data", "", "JSON data file (default: the built-in sample from the API documents)")
	generate := flag.Int("generate", 0, "add this many synthetic shares to the data")
	maxPage := flag.Int("max-page-size", 1000, "largest page the list operation returns")
	links := flag.Bool("links", false, "send shared_links with a next link on non-final pages")
	latency := flag.Duration("latency", 0, "delay added to every request")
	tokenLifetime := flag.Duration("token-lifetime", 24*time.Hour, "lifetime of issued tokens")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	printEnv := flag.Bool("print-env", false, "print export lines for the provider's environment instead of the bare URL")
	var vary emulator.Variations
	flag.StringVar(&vary.ContentType, "content-type", "", `Content-Type of JSON answers ("none" sends none)`)
	flag.StringVar(&vary.Encoding, "encoding", "", "compress answers: gzip, gzip-always, deflate-always, broken-gzip")
	flag.IntVar(&vary.CountDelta, "count-delta", 0, "add this to every count answer (a wrong count)")
	flag.IntVar(&vary.CountStatus, "count-status", 0, "fail count with this HTTP status")
	flag.IntVar(&vary.OffsetPastEndStatus, "offset-past-end-status", 0, "answer an offset past the end with this HTTP status instead of an empty page")
	flag.BoolVar(&vary.IgnoreLimit, "ignore-limit", false, "return every share from offset on")
	flag.BoolVar(&vary.IgnoreOffset, "ignore-offset", false, "return every page from the start")
	flag.StringVar(&vary.LinkBase, "link-base", "", "with -links, point next links at this scheme://host")
	flag.StringVar(
		&vary.LinkPathPrefix,
		"link-path-prefix",
		"",
		"with -links, put this prefix in front of next links' paths (links the service does not serve)",
	)
	flag.StringVar(&vary.RedirectTo, "redirect-to", "", "answer VBS requests with 307 to this base URL")
	flag.BoolVar(&vary.OddEncodings, "odd-encodings", false, `integers as 1.0, null timestamps as "", "T" as a space, empty lists as null, a byte-order mark`)
	flag.BoolVar(&vary.NoRequestIDHeader, "no-request-id-header", false, "leave out the X-Request-Id header")
	flag.IntVar(&vary.RedirectStatus, "redirect-status", 307, "with -redirect-to, the redirect's status (301, 302 and 303 turn a write into a GET)")
	flag.BoolVar(&vary.SignInRedirect, "sign-in-redirect", false, "answer VBS requests with 302 to an HTML sign-in page on the same host")
	flag.IntVar(&vary.CreateStatus, "create-status", 200, "success status of create (201, 202, 204)")
	flag.StringVar(&vary.CreateShape, "create-shape", "list", "create's body: list, object, none, other (a list without the share asked for)")
	flag.IntVar(&vary.CreateCommitThen, "create-commit-then", 0, "create the shares, then answer with this status (-1: drop the connection)")
	flag.IntVar(&vary.DeleteStatus, "delete-status", 200, "success status of a cancel (202, 204)")
	flag.IntVar(&vary.RecipientCancelStatus, "recipient-cancel-status", 0, "answer a recipient's cancel with this status (default 404)")
	flag.IntVar(&vary.WritesPerSecond, "writes-per-second", 0, "admit this many POSTs and DELETEs a second, answer the rest 429")
	flag.Func("ignore-filter", "a list and count filter not to apply (repeatable): share_to_me, backup_id, …", func(v string) error {
		vary.IgnoreFilters = append(vary.IgnoreFilters, v)
		return nil
	})
	flag.BoolVar(&vary.GetAnswersOther, "get-answers-other", false, "answer a get with another share")
	flag.BoolVar(&vary.EndlessList, "endless-list", false, "full list pages of new shares without end, count 103")
	flag.BoolVar(&vary.CaseVariants, "case-variants", false, `add "To_Project_Id" and "Size": "40 GB", members in another case`)
	flag.BoolVar(&vary.ErrorsAs200, "errors-as-200", false, "send error bodies with status 200")
	flag.BoolVar(&vary.VBSAuthErrors, "vbs-auth-errors", false, "refuse credentials with VBS's VolumeBackup.0041/0042 bodies")
	flag.BoolVar(&vary.HostileErrors, "hostile-errors", false, "put terminal escape sequences and 5 MiB of padding into error messages")
	flag.BoolVar(&vary.EchoCredentials, "echo-credentials", false, "repeat the request's credential headers in error messages")
	flag.BoolVar(&vary.IgnoreSort, "ignore-sort", false, "answer lists in the default order whatever sort_key and sort_dir say")
	flag.Func("refuse-sort-key", "answer 400 to this sort_key (repeatable)", func(v string) error {
		vary.RefuseSortKeys = append(vary.RefuseSortKeys, v)
		return nil
	})
	flag.Func("page-sizes", "cap list answers by turns at these sizes, comma-separated (1,6,3: a page size that varies)", func(v string) error {
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				return fmt.Errorf("%q is not a page size", f)
			}
			vary.PageSizes = append(vary.PageSizes, n)
		}
		return nil
	})
	flag.Func("list-ignore-filter", "a filter the list does not apply while count does (repeatable)", func(v string) error {
		vary.ListIgnoresFilters = append(vary.ListIgnoresFilters, v)
		return nil
	})
	flag.StringVar(&vary.ListOwner, "list-owner", "", "from_project_id in list answers: omit, null, upper")
	flag.BoolVar(&vary.ListBackupNull, "list-backup-null", false, `answer every listed share's "backup" as null`)
	flag.BoolVar(&vary.RedirectSlash, "redirect-slash", false, "answer VBS requests with 307 to the same path with a trailing slash")
	flag.IntVar(&vary.ListLagsCancel, "list-lags-cancel", 0, "keep a cancelled share in this many more list answers (a list that lags behind get)")
	flag.IntVar(&vary.GetLagsCreate, "get-lags-create", 0, "answer this many GETs of each created share with 404 (reads that lag behind writes)")
	flag.BoolVar(&vary.IgnoreByBackup, "ignore-by-backup", false, "answer a cancel with is_backup_id=true with success and cancel nothing")
	restricted := flag.Bool(
		"restricted-user",
		false,
		"IAM: refuse the search of all projects (GET /v3/projects) with 403, as for a user without IAM permissions",
	)
	projectsPage := flag.Int("projects-page-size", 0, "IAM: page project lists by this many, with truncated and links.next")
	projectsTruncated := flag.Bool("projects-truncated-only", false, "IAM: with -projects-page-size, mark pages truncated without a next link")
	tokenStatus := flag.Int("token-status", 201, "IAM: status of an issued token (200 as some clouds answer)")
	catalogForm := flag.String(
		"catalog-url-form",
		"project",
		"IAM: catalog URLs as project (…/v2/{id}), root, version (…/v2), tenant-template, project-template",
	)
	catalogInterface := flag.String("catalog-interface", "public", "IAM: interface of the VBS and EVS catalog endpoints")
	withoutVBS := flag.Bool("catalog-without-vbs", false, "IAM: leave vbsv2 out of the catalog (clients derive VBS from EVS)")
	withoutCBR := flag.Bool("catalog-without-cbr", false, "IAM: leave cbr out of the catalog")
	var cbr emulator.CBRVariations
	flag.BoolVar(&cbr.AddEchoesAll, "cbr-add-echoes-all", false, "CBR: answer a POST of members with every member of the backup")
	flag.IntVar(&cbr.MemberPageSize, "cbr-member-page-size", 0, "CBR: answer at most this many members a request (count stays the total)")
	flag.BoolVar(&cbr.NullKeys, "cbr-null-keys", false, "CBR: write a member's empty keys as null instead of leaving them out")
	flag.BoolVar(&cbr.TableTimes, "cbr-table-times", false, "CBR: timestamps with microseconds and no zone, as the field tables describe them")
	flag.BoolVar(&cbr.RejectedRemoved, "cbr-rejected-removed", false, "CBR: drop a member once the recipient rejects it")
	flag.BoolVar(&cbr.BackupMadeDuringList, "cbr-backup-made-during-list", false, "CBR: make a backup in front of the list after its first page, once")
	flag.BoolVar(&cbr.BackupsIgnoreOffset, "cbr-backups-ignore-offset", false, "CBR: answer every page of the backup list from its start")
	flag.BoolVar(&cbr.BackupsIgnoreOwnType, "cbr-backups-ignore-own-type", false, "CBR: list own and shared backups whatever own_type asks")
	flag.IntVar(&cbr.MemberCount, "cbr-member-count", 0, "CBR: answer this count in every member list (the documents' example says 50)")
	flag.BoolVar(&cbr.MembersIgnoreOffset, "cbr-members-ignore-offset", false, "CBR: answer every page of a member list from its start")
	flag.BoolVar(&cbr.StatusCase, "cbr-status-case", false, "CBR: write members' statuses in upper case")
	flag.BoolVar(&cbr.ProjectCase, "cbr-project-case", false, "CBR: write project IDs (project_id, dest_project_id) in upper case")
	cbrBackups := flag.Int("cbr-generate", 0, "CBR: add this many backups to the sharer project, each shared with receiver b9")
	flag.Parse()

	data := emulator.SampleDataset()
	if *dataFile != "" {
		var err error
		if data, err = emulator.LoadDataset(*dataFile); err != nil {
			return err
		}
	}
	if *generate > 0 {
		data.Shares = append(data.Shares, emulator.GenerateShares(*generate, emulator.SampleSharerProject, emulator.SyntheticTargets())...)
	}
	srv := emulator.New(emulator.Options{
		Data:                  data,
		MaxPageSize:           *maxPage,
		SendLinks:             *links,
		Latency:               *latency,
		TokenLifetime:         *tokenLifetime,
		Vary:                  vary,
		TokenStatus:           *tokenStatus,
		CatalogURLForm:        *catalogForm,
		CatalogInterface:      *catalogInterface,
		CatalogWithoutVBS:     *withoutVBS,
		CatalogWithoutCBR:     *withoutCBR,
		CBR:                   cbr,
		ProjectsPageSize:      *projectsPage,
		ProjectsTruncatedOnly: *projectsTruncated,
		RestrictedUser:        *restricted,
	})

	if *cbrBackups > 0 {
		srv.AddCBRBackups(emulator.SampleSharerProject, *cbrBackups, "722513ed0a324dadaabe5b2d0fe848b9")
	}

	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", *listen)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(base+"\n"), 0o600); err != nil {
			return err
		}
	}
	if *printEnv {
		// Paste-able: then an empty provider "vbs" {} reads the sample data.
		fmt.Println("# The provider's environment for this emulator; paste it into your shell:")
		for _, kv := range emulator.SampleUserEnv(base) {
			fmt.Println("export " + kv)
		}
		fmt.Println("# Or sign requests with AK/SK instead of a password (unset OS_USERNAME and OS_PASSWORD first):")
		for _, kv := range emulator.SampleAKSKEnv(base) {
			fmt.Println("#   export " + kv)
		}
	} else {
		fmt.Println(base)
	}
	log.Printf("serving %d shares; auth_url %s/v3, endpoint %s", len(data.Shares), base, base)

	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = httpSrv.Shutdown(shutdown)
	}()
	if err := httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
