/* Entry points in entry.S that C calls. */
#ifndef ASM_ENTRY_H
#define ASM_ENTRY_H

struct fpsimd;

/* Runs the pCPU's current vCPU on a fresh stack; never returns. */
void guest_enter(void) __attribute__((noreturn));
void fpsimd_save(struct fpsimd *fp);
void fpsimd_load(const struct fpsimd *fp);

#endif
