module github.com/bpgen/bpgen

go 1.25
