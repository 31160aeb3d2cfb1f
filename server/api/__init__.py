"""The gRPC face: thin servicers (proto -> use case -> proto) and the error mapping."""
