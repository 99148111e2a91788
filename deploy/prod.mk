# Production on this machine: nginx from Debian's packages, locust for the load tests, `make run-prod`.
# Included by the Makefile; PROD_SETUP is added to `setup`'s prerequisites.
PROD_SETUP += prod-nginx

.PHONY: run-prod prod-nginx
run-prod: setup model
	@deploy/run-prod

# Without root or without the Debian mirror, say why and go on: the production tests then skip locally and fail in CI.
prod-nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "nginx absent et pas de droits root pour l'installer (apt-get install nginx-light) : les tests de production seront ignorés."; \
	  else \
	    echo "Installation de nginx (répartiteur de charge de la production)…"; \
	    log=$$(mktemp); \
	    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light || \
	      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }; } >"$$log" 2>&1 || \
	      { echo "nginx n'a pas pu être installé : $$(tail -n 1 "$$log")"; \
	        echo "Les tests de production seront ignorés (et échoueront en CI)."; }; \
	    rm -f "$$log"; \
	  fi; }
