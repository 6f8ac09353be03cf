package provider

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeLayoutNamesEveryPackage: the README's layout table names every
// package under internal/ (a directory with Go files), and no package that
// is not there.
func TestReadmeLayoutNamesEveryPackage(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	packages := map[string]bool{}
	err = filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		packages[filepath.ToSlash(rel)] = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range packages {
		if strings.HasPrefix(pkg, "internal/cmd/") {
			continue // the commands are named together
		}
		if !strings.Contains(string(readme), "| `"+pkg+"` |") {
			t.Errorf("the README's layout table does not name %s", pkg)
		}
	}
	for _, line := range strings.Split(string(readme), "\n") {
		if pkg, ok := strings.CutPrefix(line, "| `internal/"); ok {
			pkg = "internal/" + pkg[:strings.Index(pkg, "`")]
			if !packages[pkg] && !strings.Contains(pkg, "*") && pkg != "internal/cmd" {
				t.Errorf("the README's layout table names %s, which has no Go files", pkg)
			}
		}
	}
}
