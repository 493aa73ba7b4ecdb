# SPDX-License-Identifier: GPL-2.0-or-later
# debian/: `make deb` builds the Debian package (dpkg-buildpackage -b -us -uc) and runs lintian on it.
#
# The package is built in a copy of the source tree under $(DEB_OUT) (dpkg-buildpackage writes
# the .deb into the parent directory and `debian/rules clean` runs `make clean`, neither of which
# may touch this tree); the result is $(DEB_FILE). Files git would ignore are not copied.

DEB_VERSION = $(shell dpkg-parsechangelog -l debian/changelog -S Version)
DEB_OUT := build/deb
DEB_FILE := $(DEB_OUT)/sbkexec_$(DEB_VERSION)_amd64.deb

# This fragment is read before those that define the binaries and the IMA key (kexec/, tools/):
# prerequisites naming them are expanded a second time, once every fragment has been read.
.SECONDEXPANSION:

# The copy builds the binaries again and signs their installed form with this tree's IMA key
# (tools/tools.mk: the test PKI's unless IMA_KEY/IMA_CERT name the site's; IMA_KEY_ABS).

.PHONY: deb
deb: $$(if $$(filter 1,$$(IMA_SIGN)),$$(IMA_KEY_FILES))
	rm -rf $(DEB_OUT)/src
	mkdir -p $(DEB_OUT)/src/sbkexec-$(DEB_VERSION)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -co --exclude-standard -z | xargs -0 -I{} sh -c 'test ! -e "{}" || echo "{}"' | \
			tar -cf - -T - | tar -xf - -C $(DEB_OUT)/src/sbkexec-$(DEB_VERSION); \
	else \
		tar -cf - --exclude=./build . | tar -xf - -C $(DEB_OUT)/src/sbkexec-$(DEB_VERSION); \
	fi
	cd $(DEB_OUT)/src/sbkexec-$(DEB_VERSION) && IMA_KEY='$(IMA_KEY_ABS)' IMA_CERT='$(abspath $(IMA_CERT))' \
		dpkg-buildpackage -b -us -uc
	mv $(DEB_OUT)/src/sbkexec_$(DEB_VERSION)_amd64.deb $(DEB_FILE)
	@echo "deb: lintian $(DEB_FILE)"
	lintian --fail-on error --info $(DEB_FILE)
	@echo "deb: built $(DEB_FILE)"

# The OVMF debian-* scenarios install this package into their Debian root: rebuild it when
# what it packages changes.
DEB_INPUTS = $(KEXEC_BIN) $(KEY_LOADER_BIN) $(CARRIER_STUB) $(IMA_SIGS) $(filter-out debian/source,$(wildcard debian/*)) \
	tools/make-carrier tools/ima-apply tools/sign-efi tools/sign-ima \
	key-loader/sbkexec-import-keys.service kexec/kexec.8 key-loader/key-loader.8
$(DEB_FILE): $$(DEB_INPUTS)
	$(MAKE) --no-print-directory deb
ovmf-prereqs: $(DEB_FILE)
