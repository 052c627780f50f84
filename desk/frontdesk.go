package desk

// stepMore applies the events of the lines, queues, settings and
// conferences.
func (d *Desk) stepMore(ev Event) {
	switch ev := ev.(type) {
	case LinesFound:
		d.linesFound(ev.Lines)
	case NextLine:
		d.nextLine()
	case QueuesRead:
		d.queuesRead(ev)
	case QueueCallersRead:
		d.queueCallersRead(ev)
	case AckQueueAlarm:
		d.ackAlarm()
	case DoNotDisturbRead:
		d.dndRead(ev)
	case ForwardingRead:
		d.forwardingRead(ev)
	case ConferenceRead:
		d.conferenceRead(ev)
	}
}
