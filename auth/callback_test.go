package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A visit Login has taken gets the page Login chooses, even when Login
// returns (and closes the handler) right after answering: the access-denied
// path does exactly that.
func TestCallbackPageComesFromLoginEvenWhenItReturnsAtOnce(t *testing.T) {
	for range 50 {
		cb := newCallbacks()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, callbackPath+"?state=s&error=access_denied", nil)
		served := make(chan struct{})
		go func() {
			defer close(served)
			cb.ServeHTTP(rec, req)
		}()
		ev := <-cb.events
		// Login returns first (its deferred finish), then the reply is read:
		// the page must still be Login's.
		cb.finish()
		ev.reply <- pageDeclined
		<-served
		if rec.Code != http.StatusForbidden {
			t.Fatalf("status %d, want 403 (the declined page); the handler answered for Login", rec.Code)
		}
	}
}

// A visit after Login has returned is told the sign-in is over.
func TestCallbackAfterLoginReturnedSaysOver(t *testing.T) {
	cb := newCallbacks()
	cb.finish()
	rec := httptest.NewRecorder()
	cb.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, callbackPath+"?state=s&code=c", nil))
	if rec.Code != http.StatusGone {
		t.Fatalf("status %d, want 410", rec.Code)
	}
}
