# SPDX-License-Identifier: GPL-2.0-or-later
# rpm/: `make rpm` builds the RPM (rpmbuild -bb rpm/sbkexec.spec) from a tarball of this tree.
#
# On Debian (rpm is packaged there) the BuildRequires name Fedora packages that rpm's own
# database does not have: RPM_NODEPS=1 (the default when /etc/debian_version exists) passes
# --nodeps; the build itself uses the Debian toolchain `make deps` installed.

RPM_VERSION = $(shell sed -n 's/^Version: *//p' rpm/sbkexec.spec)
RPM_TOP := build/rpm
RPM_NODEPS ?= $(if $(wildcard /etc/debian_version),1,0)

# The IMA key as for `make deb` (tools/tools.mk: IMA_KEY_ABS), as the rpm macros ima_key and ima_cert.
.PHONY: rpm
rpm: $$(if $$(filter 1,$$(IMA_SIGN)),$$(IMA_KEY_FILES))
	rm -rf $(RPM_TOP)
	mkdir -p $(RPM_TOP)/SOURCES $(RPM_TOP)/tree/sbkexec-$(RPM_VERSION)
	git ls-files -co --exclude-standard -z | xargs -0 -I{} sh -c 'test ! -e "{}" || echo "{}"' | \
		tar -cf - -T - | tar -xf - -C $(RPM_TOP)/tree/sbkexec-$(RPM_VERSION)
	tar -C $(RPM_TOP)/tree -czf $(RPM_TOP)/SOURCES/sbkexec-$(RPM_VERSION).tar.gz sbkexec-$(RPM_VERSION)
	rpmbuild -bb $(if $(filter 1,$(RPM_NODEPS)),--nodeps) --define "_topdir $(abspath $(RPM_TOP))" \
		$(if $(filter 1,$(IMA_SIGN)),--define "ima_key $(IMA_KEY_ABS)" --define "ima_cert $(abspath $(IMA_CERT))") \
		rpm/sbkexec.spec
	@ls $(RPM_TOP)/RPMS/*/sbkexec-*.rpm
