"""The processing jobs (libs/lakehouse's silver MERGE and derived rebuilds, on Spark): run_job() runs one."""
