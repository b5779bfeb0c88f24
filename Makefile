.PHONY: run test
run:  ## set up and serve the demo summit on 127.0.0.1:5000
	scripts/demo
test:  ## set up and run lint, types and the whole suite on SQLite and PostgreSQL
	scripts/test
