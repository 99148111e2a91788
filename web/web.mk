# The chat page and the helpdesk console (web/): npm assets copied into web/static/vendor/ so that the pages work
# offline, Debian's Chromium and Playwright for the browser tests (Playwright is pinned in requirements.txt and
# never downloads a browser of its own: the tests launch /usr/bin/chromium).
WEB_VENDOR := web/static/vendor
DSFR_DIST := node_modules/@gouvfr/dsfr/dist
CHROMIUM := /usr/bin/chromium

WEB_SETUP += $(WEB_VENDOR)/.copied web-chromium

# The DSFR package refuses to install until its terms of use (modalités d'utilisation, CGU 1.0.1) are accepted;
# DSFR_ACCEPT_LICENSE=1 is the package's own switch for unattended installs. See docs/web.md.
node_modules/.installed: package.json package-lock.json
	@echo "Installation des paquets npm (DSFR, client socket.io, axe-core)…"
	@DSFR_ACCEPT_LICENSE=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_VENDOR)/.copied: node_modules/.installed web/web.mk
	@rm -rf $(WEB_VENDOR) && mkdir -p $(WEB_VENDOR)/dsfr/utility
	@cp $(DSFR_DIST)/dsfr.min.css $(DSFR_DIST)/dsfr.module.min.js $(DSFR_DIST)/dsfr.nomodule.min.js $(WEB_VENDOR)/dsfr/
	@cp -r $(DSFR_DIST)/fonts $(DSFR_DIST)/icons $(DSFR_DIST)/favicon $(WEB_VENDOR)/dsfr/
	@cp -r $(DSFR_DIST)/utility/icons $(WEB_VENDOR)/dsfr/utility/
	@cp node_modules/socket.io-client/dist/socket.io.min.js $(WEB_VENDOR)/
	@touch $@

# Without root or without the Debian mirror, say why and go on: the browser tests then skip locally and fail in CI.
.PHONY: web-chromium
web-chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "Chromium absent et pas de droits root pour l'installer (apt-get install chromium) : les tests du navigateur seront ignorés."; \
	  else \
	    echo "Installation de Chromium (tests du navigateur)…"; \
	    log=$$(mktemp); \
	    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium || \
	      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; } >"$$log" 2>&1 || \
	      { echo "Chromium n'a pas pu être installé : $$(tail -n 1 "$$log")"; \
	        echo "Les tests du navigateur seront ignorés (et échoueront en CI)."; }; \
	    rm -f "$$log"; \
	  fi; }
