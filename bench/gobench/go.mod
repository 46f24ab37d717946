module gotmplbench

go 1.27

require gotmploracle v0.0.0

// The audit event types and decoder are the conformance oracle's (one definition of Flipt's shapes).
replace gotmploracle => ../../conformance/oracle
