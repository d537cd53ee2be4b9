FROM alpine:3
CMD ["true"]
