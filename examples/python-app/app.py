print("hello from a multi-stage build")
