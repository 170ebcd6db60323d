from claimreview.cli import main

main()
