"""Go's fmt printing (Sprint, Sprintln, Sprintf, %v) for the data model, byte for byte."""
