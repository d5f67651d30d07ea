# Warden's two entry points: `make demo` and `make test`. Both install what is missing first.
BUILD_DIR ?= build
PYTHON := .venv/bin/python
JOBS ?= $(shell nproc)
# ccache hits across checkouts (CI builds a fresh clone at another path).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all install configure build web test test-cpp test-python test-web demo format clean

all: build

install:
	@scripts/install.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > $(BUILD_DIR).configure.log 2>&1 \
	  || (cat $(BUILD_DIR).configure.log; exit 1)

configure: install $(BUILD_DIR)/build.ninja

build: configure web
	@ninja -C $(BUILD_DIR) -j $(JOBS) | grep -v "^ninja: no work to do" || true
	@test -x $(BUILD_DIR)/bin/warden

# The portal's static files (web/dist), served by the gateway; rebuilt when a source changes.
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/package-lock.json \
  web/vite.config.ts web/tsconfig.json
web/dist/index.html: $(WEB_SOURCES)
	@cd web && npx tsc -b && npx vite build --logLevel error

web: install web/dist/index.html

test-web: web
	@cd web && npx vitest run --silent

test-cpp: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-python: build
	$(PYTHON) -m pytest -q

test: test-cpp test-web test-python

demo: build
	@scripts/demo.sh

format:
	@command -v clang-format >/dev/null || apt-get install -y -qq clang-format >/dev/null
	@find src -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
