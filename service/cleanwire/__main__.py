from cleanwire.cli import main

raise SystemExit(main())
