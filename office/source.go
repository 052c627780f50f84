package office

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/callboard/callboard/webex"
)

// Source is where the directory comes from.
type Source interface {
	// Search asks for the entries matching text (a name, or digits of a
	// number), at most limit of them.
	Search(ctx context.Context, text string, limit int) ([]Entry, error)
	// List returns the whole directory, or ErrCannotList when the source
	// can only search.
	List(ctx context.Context) ([]Entry, error)
}

// ErrCannotList reports a directory that can only be searched name by name:
// the token lacks spark:telephony_config_read, and People searches need a
// name.
var ErrCannotList = errors.New("the directory can only be searched by name")

// DirectoryAPI is the part of the Webex client a directory reads;
// *webex.Client implements it.
type DirectoryAPI interface {
	AvailableMembers(ctx context.Context, q webex.MemberQuery) ([]webex.AvailableMember, error)
	ListPeople(ctx context.Context, q webex.PeopleQuery) ([]webex.Person, error)
}

// WebexSource searches Webex's directory: the speed-dial available members
// (people, workspaces and virtual lines, by name or number, scope
// spark:telephony_config_read), or People by display name (scope
// spark:people_read) once a 403 showed the token lacks the first scope.
type WebexSource struct {
	api DirectoryAPI
	// PageSize is how many members List asks for per page; 0 is 1,000.
	PageSize int

	mu     sync.Mutex
	people bool // the token lacks spark:telephony_config_read: search People instead
}

// NewWebexSource returns a source reading api.
func NewWebexSource(api DirectoryAPI) *WebexSource { return &WebexSource{api: api} }

// usingPeople reports whether searches go to People.
func (s *WebexSource) usingPeople() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.people
}

// fallBack notes that the directory search is refused for lack of scope.
func (s *WebexSource) fallBack() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.people = true
}

// Search implements Source. A name is sent by its longest word (Webex
// matches one first or last name) and the answer narrowed to every word.
func (s *WebexSource) Search(ctx context.Context, text string, limit int) ([]Entry, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	if !s.usingPeople() {
		q := webex.MemberQuery{Max: max(limit*4, 50)}
		if IsDigits(text) {
			q.PhoneNumber = digitsOf(text)
		} else {
			q.Name = longestWord(text)
		}
		members, err := s.api.AvailableMembers(ctx, q)
		if err == nil {
			out := make([]Entry, len(members))
			for i, m := range members {
				out[i] = FromMember(m)
			}
			return NewIndex(out).Search(text, limit), nil
		}
		if scope, ok := webex.MissingScope(err); !ok || scope != webex.ScopeTelephonyConfigRead {
			return nil, err
		}
		s.fallBack()
	}
	if IsDigits(text) {
		return nil, nil // People cannot be searched by number
	}
	people, err := s.api.ListPeople(ctx, webex.PeopleQuery{DisplayName: text, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(people))
	for _, p := range people {
		out = append(out, FromPerson(p))
	}
	return out, nil
}

// List implements Source, page by page.
func (s *WebexSource) List(ctx context.Context) ([]Entry, error) {
	if s.usingPeople() {
		return nil, ErrCannotList
	}
	page := s.PageSize
	if page <= 0 {
		page = 1000
	}
	var out []Entry
	for start := 0; ; start += page {
		members, err := s.api.AvailableMembers(ctx, webex.MemberQuery{Max: page, Start: start, Order: webex.OrderLastNameAsc})
		if err != nil {
			if scope, ok := webex.MissingScope(err); ok && scope == webex.ScopeTelephonyConfigRead {
				s.fallBack()
				return nil, fmt.Errorf("%w: %w", ErrCannotList, err)
			}
			return nil, err
		}
		for _, m := range members {
			out = append(out, FromMember(m))
		}
		if len(members) < page || len(out) >= maxDirectory {
			return out, nil
		}
	}
}

// maxDirectory bounds what List reads: a server that keeps sending pages
// must not keep the console reading.
const maxDirectory = 100_000

// longestWord is the longest word of text.
func longestWord(text string) string {
	best := ""
	for _, w := range strings.Fields(text) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}
