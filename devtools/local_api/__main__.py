from devtools.local_api.server import main

main()
