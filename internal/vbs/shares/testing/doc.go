// Package testing holds the shares client's tests. Three servers serve them,
// each for what it does best:
//
//   - fixedServer (helpers_test.go) answers every request with one body: the
//     exact JSON of the seed documents, hand-made error and hostile answers,
//     and the requests' own shape (path, query, escaping);
//   - awkwardServer (pager_test.go) pages in ways chosen per offset (short
//     pages anywhere, a page that repeats one share, no count): the pager's
//     logic at its edges, where the emulator's data would have to be bent;
//   - the emulator (emulator_test.go, variations_test.go, truth_test.go)
//     for everything a real server does: filters, paging, writes, and the
//     variations of other servers and gateways.
package testing
