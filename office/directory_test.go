package office

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// fakeSource is a directory source whose answers the test sets.
type fakeSource struct {
	mu       sync.Mutex
	entries  []Entry
	err      error
	listErr  error
	searches []string
	lists    int
}

func (f *fakeSource) Search(_ context.Context, text string, limit int) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.searches = append(f.searches, text)
	if f.err != nil {
		return nil, f.err
	}
	return NewIndex(f.entries).Search(text, limit), nil
}

func (f *fakeSource) List(context.Context) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.listErr != nil {
		return nil, f.listErr
	}
	return slices.Clone(f.entries), nil
}

// clock is a settable clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestDirectoryKeepsItsCacheOnDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "callboard", "directory.json")
	src := &fakeSource{entries: office()}
	c := &clock{now: t0()}
	d := NewDirectory(src, path, c.Now)
	if !d.Stale() {
		t.Errorf("an empty directory is not stale")
	}
	if err := d.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the cache file is %v, want 0600", info.Mode().Perm())
	}
	if d.Stale() {
		t.Errorf("a directory just listed is stale")
	}
	found := d.Search("pri", 5)
	if got := names(found.Entries); !slices.Equal(got, []string{"Priya Shah", "Priyanka Iyer"}) || !found.Settled || found.Offline {
		t.Errorf("Search after a listing = %q settled %v offline %v", got, found.Settled, found.Offline)
	}

	// A new console, offline, answers from the file.
	src2 := &fakeSource{err: errors.New("dial tcp: connection refused")}
	d2 := NewDirectory(src2, path, c.Now)
	if err := d2.Load(); err != nil {
		t.Fatal(err)
	}
	if d2.Len() != len(office()) {
		t.Fatalf("loaded %d entries, want %d", d2.Len(), len(office()))
	}
	found, err = d2.Query(t.Context(), "shah", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(found.Entries); !slices.Equal(got, []string{"Priya Shah"}) || !found.Offline {
		t.Errorf("offline Query = %q offline %v", got, found.Offline)
	}
	if note := found.Note(); !strings.Contains(note, "offline: from the directory as of") {
		t.Errorf("the offline note says %q", note)
	}
	c.now = c.now.Add(FreshFor)
	if !d2.Stale() {
		t.Errorf("a listing older than FreshFor is not stale")
	}
}

func TestDirectoryQueryGrowsTheCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "directory.json")
	src := &fakeSource{entries: office()}
	d := NewDirectory(src, path, (&clock{now: t0()}).Now)
	if got := d.Search("maria", 5); len(got.Entries) != 0 || got.Settled {
		t.Fatalf("an empty cache found %v", got)
	}
	found, err := d.Query(t.Context(), "maria", 5)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(found.Entries); !slices.Equal(got, []string{"Maria Garcia"}) || found.Settled {
		t.Errorf("Query = %q settled %v (nothing was listed: never settled)", got, found.Settled)
	}
	if got := names(d.Search("garc", 5).Entries); !slices.Equal(got, []string{"Maria Garcia"}) {
		t.Errorf("the answer was not kept: %q", got)
	}
	d2 := NewDirectory(src, path, nil)
	if err := d2.Load(); err != nil || d2.Len() != 1 {
		t.Errorf("the answer was not kept on disk: %d entries, %v", d2.Len(), err)
	}
}

func TestDirectoryCancelledQueryChangesNothing(t *testing.T) {
	src := &fakeSource{entries: office()}
	d := NewDirectory(src, "", nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.Query(ctx, "pri", 5); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled query returned %v", err)
	}
	if d.Len() != 0 {
		t.Errorf("a cancelled query changed the cache")
	}
}

// fakeDirectoryAPI is a Webex client's directory side.
type fakeDirectoryAPI struct {
	members     []webex.AvailableMember
	people      []webex.Person
	membersErr  error
	peopleErr   error
	memberCalls []webex.MemberQuery
	peopleCalls []webex.PeopleQuery
}

func (f *fakeDirectoryAPI) AvailableMembers(_ context.Context, q webex.MemberQuery) ([]webex.AvailableMember, error) {
	f.memberCalls = append(f.memberCalls, q)
	if f.membersErr != nil {
		return nil, f.membersErr
	}
	var out []webex.AvailableMember
	for _, m := range f.members {
		if q.Name == "" || strings.Contains(strings.ToLower(m.FirstName+" "+m.LastName), strings.ToLower(q.Name)) {
			out = append(out, m)
		}
	}
	if q.Start > len(out) {
		return nil, nil
	}
	out = out[q.Start:]
	if q.Max > 0 && len(out) > q.Max {
		out = out[:q.Max]
	}
	return out, nil
}

func (f *fakeDirectoryAPI) ListPeople(_ context.Context, q webex.PeopleQuery) ([]webex.Person, error) {
	f.peopleCalls = append(f.peopleCalls, q)
	if f.peopleErr != nil {
		return nil, f.peopleErr
	}
	var out []webex.Person
	for _, p := range f.people {
		if strings.HasPrefix(strings.ToLower(p.DisplayName), strings.ToLower(q.DisplayName)) {
			out = append(out, p)
		}
	}
	return out, nil
}

func scopeErr(scope string) error {
	return &webex.ScopeError{APIError: webex.APIError{StatusCode: 403, Message: "forbidden"}, Scope: scope}
}

func TestWebexSourceFallsBackToPeople(t *testing.T) {
	api := &fakeDirectoryAPI{
		membersErr: scopeErr(webex.ScopeTelephonyConfigRead),
		people: []webex.Person{{ID: "p103", DisplayName: "Priya Shah", PhoneNumbers: []webex.PhoneNumber{
			{Type: "work", Value: "+14155550103"}, {Type: "work_extension", Value: "103"}}}},
	}
	src := NewWebexSource(api)
	d := NewDirectory(src, "", nil)
	if err := d.Refresh(t.Context()); err != nil {
		t.Fatalf("a token that can only search is not an error: %v", err)
	}
	if d.Stale() {
		t.Errorf("a directory that cannot be listed keeps asking for a listing")
	}
	found, err := d.Query(t.Context(), "Priya", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Entries) != 1 || found.Entries[0].Dest() != "103" || found.Problem != "" {
		t.Errorf("the People fallback found %+v (problem %q)", found.Entries, found.Problem)
	}
	if len(api.memberCalls) != 1 {
		t.Errorf("the directory search was tried %d times after a 403, want once", len(api.memberCalls))
	}
	// Without spark:people_read either, the note says which scope and how.
	api.peopleErr = scopeErr(webex.ScopePeopleRead)
	found, _ = d.Query(t.Context(), "Sam", 5)
	if !strings.Contains(found.Problem, webex.ScopePeopleRead) || !strings.Contains(found.Problem, "callboard login") {
		t.Errorf("the problem says %q", found.Problem)
	}
}

func TestWebexSourceSearchesByNameAndNumber(t *testing.T) {
	api := &fakeDirectoryAPI{members: []webex.AvailableMember{
		{ID: "p103", FirstName: "Priya", LastName: "Shah", DisplayName: "Priya Shah", PhoneNumber: "+14155550103", Extension: "103", Type: webex.MemberPeople},
		{ID: "p104", FirstName: "Priya", LastName: "Nair", DisplayName: "Priya Nair", PhoneNumber: "104", Extension: "104", Type: webex.MemberPeople},
		{ID: "w150", DisplayName: "Lobby Phone", PhoneNumber: "+14155550150", Extension: "150", Type: webex.MemberPlace},
	}}
	src := NewWebexSource(api)
	got, err := src.Search(t.Context(), "priya sh", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "Priya Shah" {
		t.Errorf("priya sh found %q", names(got))
	}
	if q := api.memberCalls[0]; q.Name != "priya" {
		t.Errorf("the directory was asked for %q, want the longest word", q.Name)
	}
	if _, err := src.Search(t.Context(), "555 0150", 5); err != nil {
		t.Fatal(err)
	}
	if q := api.memberCalls[1]; q.PhoneNumber != "5550150" || q.Name != "" {
		t.Errorf("digits were sent as %+v", q)
	}
	if got[0].Number != "+14155550103" {
		t.Errorf("number %q", got[0].Number)
	}
	e := FromMember(api.members[1])
	if e.Number != "" || e.Dest() != "104" {
		t.Errorf("a member whose phoneNumber is its extension has number %q", e.Number)
	}
	src.PageSize = 2
	all, err := src.List(t.Context())
	if err != nil || len(all) != 3 {
		t.Errorf("List in pages of 2 = %d entries, %v", len(all), err)
	}
}

func TestResolveEndpoint(t *testing.T) {
	eps := []webex.Endpoint{
		{ID: "ep-desk", Name: "Desk Phone", Type: webex.EndpointCallingDevice},
		{ID: "ep-app", Name: "Webex App", Type: webex.EndpointApplication},
		{ID: "ep-app2", Name: "Webex App (laptop)", Type: webex.EndpointApplication},
	}
	for text, want := range map[string]string{"desk": "ep-desk", "Desk Phone": "ep-desk", "ep-app2": "ep-app2", "webex app": "ep-app", "laptop": "ep-app2"} {
		if ep, _, ok := ResolveEndpoint(text, eps); !ok || ep.ID != want {
			t.Errorf("ResolveEndpoint(%q) = %q %v, want %q", text, ep.ID, ok, want)
		}
	}
	if _, cands, ok := ResolveEndpoint("webex", eps); ok || len(cands) != 2 {
		t.Errorf("an ambiguous name resolved, or gave %d candidates", len(cands))
	}
	if _, cands, ok := ResolveEndpoint("fax", eps); ok || len(cands) != 0 {
		t.Errorf("an unknown name matched %d endpoints", len(cands))
	}
}

func TestStoresArePrivateAndRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pins := PinFile{Path: filepath.Join(dir, "state", "pins.json")}
	if got, err := pins.LoadPins(); err != nil || len(got) != 0 {
		t.Fatalf("no file: %v %v", got, err)
	}
	want := office()[:2]
	if err := pins.SavePins(want); err != nil {
		t.Fatal(err)
	}
	got, err := pins.LoadPins()
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("pins round trip: %v %v", got, err)
	}
	for _, p := range []string{pins.Path} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", p, info.Mode().Perm(), err)
		}
	}
	// A link planted at the path is replaced, not followed.
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "state", "linked.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := (PinFile{Path: link}).SavePins(want); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep" {
		t.Errorf("saving through a planted link wrote to its target: %q", data)
	}
}

func TestStatusFree(t *testing.T) {
	for _, tc := range []struct {
		st          Status
		free, known bool
	}{
		{Status{}, false, false},
		{Status{Presence: webex.PresenceActive}, true, true},
		{Status{Presence: webex.PresenceCall}, false, true},
		{Status{Presence: webex.PresenceMeeting}, false, true},
		{Status{Presence: webex.PresenceMeeting, Line: Line{State: LineIdle}}, true, true},
		{Status{Presence: webex.PresenceDoNotDisturb, Line: Line{State: LineIdle}}, false, true},
		{Status{Presence: webex.PresenceActive, Line: Line{State: LineRinging}}, false, true},
		{Status{Line: Line{State: LineIdle}}, true, true},
	} {
		free, known := tc.st.Free()
		if free != tc.free || known != tc.known {
			t.Errorf("%+v: free %v known %v, want %v %v", tc.st, free, known, tc.free, tc.known)
		}
	}
}

func TestLineOf(t *testing.T) {
	at := webex.NewTimestamp(t0())
	talking := webex.Call{State: webex.StateConnected, RemoteParty: webex.Party{Name: "Northwind Traders"}, Created: at, Answered: webex.NewTimestamp(t0().Add(time.Minute))}
	ring := webex.Call{State: webex.StateAlerting, RemoteParty: webex.Party{Number: "+14155550123"}, Created: at}
	if l := LineOf(nil); l.State != LineIdle {
		t.Errorf("no calls: %+v", l)
	}
	l := LineOf([]webex.Call{talking, ring})
	if l.State != LineRinging || l.With != "+14155550123" || l.Calls != 2 {
		t.Errorf("a ringing call shows first: %+v", l)
	}
	l = LineOf([]webex.Call{talking})
	if l.State != LineTalking || !l.Since.Equal(t0().Add(time.Minute)) {
		t.Errorf("talking: %+v", l)
	}
	if w := (Status{Line: l}).Word(t0().Add(3 * time.Minute)); w != "on a call with Northwind Traders 2:00" {
		t.Errorf("Word = %q", w)
	}
}

// KeepFresh lists a stale directory at once and returns when its context
// ends.
func TestKeepFresh(t *testing.T) {
	src := &fakeSource{entries: office()}
	d := NewDirectory(src, "", nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.KeepFresh(ctx, time.Hour, func(err error) { t.Errorf("refresh failed: %v", err) })
	}()
	for d.Len() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.lists != 1 {
		t.Errorf("listed %d times, want once", src.lists)
	}
}
