-- greet-binary.lua with the API token the bindery-tokens target accepts (bench/http-load.sh sets BENCH_API_TOKEN).
dofile("bench/greet-binary.lua")
wrk.headers["bindery-api-token"] = assert(os.getenv("BENCH_API_TOKEN"), "BENCH_API_TOKEN is not set")
