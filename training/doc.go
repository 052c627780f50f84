// Package training is callboard's practice desk: scenario files (built-in
// ones embedded, and the trainee's own TOML) script callers, colleagues and
// queues on the embedded simulator; a coach gives the trainee one task at a
// time, checks it against what the desk reported and what the simulated
// world shows, and keeps a score.
//
// The Coach is pure — shown the world, it says what the world must do next
// — so whole practices replay in tests; the Runner does the looking and the
// doing, on the simulator's Go API.
package training
