"""The plan<->CBO thread: one conversation per member and CBO assignment (CICM dual care
management: the plan's care manager communicates directly with the CBO's care manager)."""
