module httpclient

go 1.27
