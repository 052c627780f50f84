// Package convert maps the Webex wire types onto the domain model. It is the
// only place where both meet, so the model stays free of the API's encoding
// and the client free of the domain's rules. Both the console and the one-shot
// command line print calls, hence a package rather than a file of either.
package convert

import (
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// Party maps a party; nil gives the zero Party.
func Party(p *webex.Party) model.Party {
	if p == nil {
		return model.Party{}
	}
	return model.Party{
		Name:     textsafe.Line(p.Name),
		Number:   textsafe.Line(p.Number),
		PersonID: p.PersonID,
		PlaceID:  p.PlaceID,
		Private:  p.PrivacyEnabled,
		CallType: model.ParseCallType(string(p.CallType)),
	}
}

// Call maps one call. The result shares nothing with c.
func Call(c *webex.Call) model.Call {
	out := model.Call{
		ID:          c.ID,
		SessionID:   c.CallSessionID,
		Personality: model.ParsePersonality(string(c.Personality)),
		State:       model.ParseState(string(c.State)),
		Remote:      Party(&c.RemoteParty),
		Appearance:  c.Appearance,
		Created:     c.Created.Time,
		Answered:    c.Answered.Time,
		Recording:   model.ParseRecording(string(c.RecordingState)),
		MuteCapable: c.MuteCapable,
		Muted:       c.Muted,
	}
	if len(c.Redirections) > 0 {
		out.Redirections = make([]model.Redirection, len(c.Redirections))
		for i := range c.Redirections {
			r := &c.Redirections[i]
			out.Redirections[i] = model.Redirection{
				Reason: model.ParseRedirectReason(string(r.Reason)),
				Party:  Party(&r.RedirectingParty),
			}
		}
	}
	if c.Recall != nil {
		out.Recall = &model.Recall{Type: c.Recall.Type, Party: Party(c.Recall.Party)}
	}
	return out
}

// Calls maps a poll's calls.
func Calls(calls []webex.Call) []model.Call {
	out := make([]model.Call, len(calls))
	for i := range calls {
		out[i] = Call(&calls[i])
	}
	return out
}

// History maps call history records, newest first.
func History(records []webex.HistoryRecord) []model.HistoryRecord {
	out := make([]model.HistoryRecord, len(records))
	for i, r := range records {
		out[i] = model.HistoryRecord{
			Type:    model.ParseHistoryType(string(r.Type)),
			Name:    textsafe.Line(r.Name),
			Number:  textsafe.Line(r.Number),
			Private: r.PrivacyEnabled,
			Time:    r.Time.Time,
		}
	}
	return model.SortHistory(out)
}
