# clusterkg: one command sets up and runs the main job, one runs the tests.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= build

.PHONY: help setup demo test test-fast lint format clean screenshots

help:
	@echo "make demo   set up .venv, build and validate the graph, answer two questions, draw two maps"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make test-fast  the tests without browser, server, synthetic and equivalence ones"
	@echo "make lint   ruff check and format check"
	@echo "make screenshots  the README's pictures of maps (docs/screenshots, headless Chromium)"

$(BIN)/clusterkg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

setup: $(BIN)/clusterkg

demo: setup
	$(BIN)/clusterkg build --out $(OUT)
	$(BIN)/clusterkg validate
	$(BIN)/clusterkg links Mazovia Wallonia
	$(BIN)/clusterkg query clusters-initiated-by-project -p project=MSODI
	$(BIN)/clusterkg map --bridge Mazovia Wallonia --out $(OUT)/mazovia-wallonia.html
	$(BIN)/clusterkg map --out $(OUT)/ecosystem.html

# Two workers: the suite is CPU-bound (one core busy, the other mostly idle, when run in one
# process) and each worker has its own temporary, data and cache folders and free ports.
# worksteal: a worker that runs dry takes queued tests from the other, so one long test
# does not leave a core idle.  TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2

test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

test-fast: setup
	$(BIN)/python -m pytest -m "not browser and not server and not synthetic and not equivalence"

lint: setup
	$(BIN)/ruff check cli tests bench
	$(BIN)/ruff format --check cli tests bench

format: setup
	$(BIN)/ruff format cli tests bench
	$(BIN)/ruff check --fix cli tests bench

# The README's pictures, at a projector's HD size: what a person sees on a slide.
SHOTS = docs/screenshots
screenshots: setup
	mkdir -p $(SHOTS) $(OUT)
	$(BIN)/clusterkg map --bridge Mazovia Wallonia --out $(OUT)/bridge.html --png $(SHOTS)/bridge-mazovia-wallonia.png --size slide
	$(BIN)/clusterkg map --focus PPP-T --depth 2 --out $(OUT)/focus.html --png $(SHOTS)/focus-ppp-t.png --size slide
	$(BIN)/clusterkg map --out $(OUT)/ecosystem.html --png $(SHOTS)/ecosystem.png --size slide

clean:
	rm -rf $(OUT) .pytest_cache
