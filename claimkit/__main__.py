from claimkit.cli import main

main()
