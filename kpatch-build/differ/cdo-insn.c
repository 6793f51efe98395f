// SPDX-License-Identifier: GPL-2.0
/*
 * cdo-insn.c - what needs instruction boundaries, from the capstone
 * decoder (libcapstone, x86-64 mode):
 *
 * Local references in shared text sections.  Several functions can share
 * one section (.sched.text, .spinlock.text, .entry.text, .noinstr.text:
 * __sched, __lockfunc, noinstr ...).  gas resolves a call, jump or
 * RIP-relative operand from one of them to a *local* symbol of the same
 * section itself, leaving no relocation.  A function copied out of the
 * section on its own would keep a displacement that points at garbage, and
 * comparing such a function byte by byte would call a moved callee a
 * change (and miss a call that now goes to another function at the same
 * distance).  So, before anything is compared, every such reference that
 * leaves its function is turned into a relocation of the object in
 * memory, against the function it lands in: PLT32 for call/jmp/jcc
 * rel32, PC32 for RIP-relative operands, addend = target - symbol - (end of
 * instruction - place), as gas writes them for other sections.  From then
 * on it is an ordinary local reference (compared by what it points to,
 * included or a .suture.relocs record).  A rel8 jump leaving the function
 * (mutex_lock's tail call of __mutex_lock_slowpath) gets an R_X86_64_PC8
 * relocation: compared by target, and written as a jump to a veneer after
 * the copy (cdo-write.c).  What cannot be converted (a veneer out of a
 * rel8's reach, a target in no function, bytes the decoder does not know)
 * is remembered, and refused when the function is included
 * (cdo_insn_refuse).
 *
 * Line-number operands (cdo_insn_lines_only): a difference counts as a
 * moved line only if it is the immediate of "mov $imm32, %esi" whose
 * value reaches a (file, line) helper's line argument: the next
 * instructions neither branch nor touch %rsi until the call to it.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdo.h"

struct insn_problem {
	struct symbol *func;
	char *reason;
};

static struct insn_problem *problems;
static size_t nr_problems;
static csh cs;
static bool cs_ready;

void cdo_insn_free(void)
{
	size_t i;

	for (i = 0; i < nr_problems; i++)
		free(problems[i].reason);
	free(problems);
	problems = NULL;
	nr_problems = 0;
	if (cs_ready)
		cs_close(&cs);
	cs_ready = false;
}

static int decoder(struct cdo *c)
{
	if (cs_ready)
		return 0;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK ||
	    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
		cdo_fail(c, "capstone: cannot open the x86-64 decoder");
		return -1;
	}
	cs_ready = true;
	return 0;
}

/* @f cannot be copied safely: say why, if it is ever included */
static int add_problem(struct cdo *c, struct symbol *f, const char *what,
		       unsigned long place, unsigned long target)
{
	struct insn_problem *p;
	char buf[512];

	snprintf(buf, sizeof(buf), "%s: %s (%s+0x%lx -> %s+0x%lx)", f->name,
		 what, f->sec->name, place, f->sec->name, target);
	if (getenv("CDO_DEBUG"))
		fprintf(stderr, "debug: not copyable if included: %s\n", buf);
	p = realloc(problems, (nr_problems + 1) * sizeof(*problems));
	if (!p) {
		cdo_fail(c, "out of memory");
		return -1;
	}
	problems = p;
	p[nr_problems].func = f;
	p[nr_problems].reason = strdup(buf);
	if (!p[nr_problems].reason) {
		cdo_fail(c, "out of memory");
		return -1;
	}
	nr_problems++;
	return 0;
}

static bool is_primary_func(struct symbol *s)
{
	return s->type == STT_FUNC && s->sec && cdo_alias_primary(s) == s;
}

static bool shared_text(struct section *sec)
{
	unsigned int n = 0;
	size_t i;

	if (!sec_is_text(sec) || !sec->data)
		return false;
	for (i = 0; i < sec->nr_syms && n < 2; i++)
		n += is_primary_func(sec->syms[i]);
	return n > 1;
}

/* the function a reference from outside it lands in */
static struct symbol *landing(struct section *sec, unsigned long off)
{
	struct symbol *s = elf_find_symbol_containing(sec, off);

	if (s && s->type == STT_FUNC)
		return cdo_alias_primary(s);
	return NULL;
}

/* one PC-relative field of the instruction at @in */
struct pcrel {
	unsigned long place, end, target;
	unsigned int width;
	bool branch;
};

static bool insn_pcrel(const cs_insn *in, struct pcrel *pr)
{
	const cs_x86 *x = &in->detail->x86;
	int i;

	pr->end = in->address + in->size;
	if (cs_insn_group(cs, in, CS_GRP_BRANCH_RELATIVE)) {
		if (x->op_count < 1 || x->operands[0].type != X86_OP_IMM ||
		    !x->encoding.imm_size)
			return false;
		pr->branch = true;
		pr->place = in->address + x->encoding.imm_offset;
		pr->width = x->encoding.imm_size;
		pr->target = (unsigned long)x->operands[0].imm;
		return true;
	}
	for (i = 0; i < x->op_count; i++) {
		if (x->operands[i].type != X86_OP_MEM ||
		    x->operands[i].mem.base != X86_REG_RIP ||
		    !x->encoding.disp_offset)
			continue;
		pr->branch = false;
		pr->place = in->address + x->encoding.disp_offset;
		pr->width = x->encoding.disp_size;
		pr->target = pr->end + x->operands[i].mem.disp;
		return true;
	}
	return false;
}

/* a reference of @f that the assembler resolved: make it a relocation */
static int convert(struct cdo *c, struct elf *elf, struct symbol *f,
		   const struct pcrel *pr)
{
	struct section *sec = f->sec;
	const char *why = NULL;
	unsigned int type = pr->branch ? R_X86_64_PLT32 : R_X86_64_PC32;
	struct symbol *t = NULL;
	long addend;

	if (pr->target < sec->sh.sh_size)
		t = landing(sec, pr->target);
	if (!t)
		why = "a reference the assembler resolved in the shared section lands in no function";
	else if (pr->width != 4 && !(pr->width == 1 && pr->branch))
		why = "a reference the assembler resolved has an unsupported width";
	if (pr->width == 1 && pr->branch)
		type = R_X86_64_PC8;
	if (t && !why) {
		addend = (long)pr->target - (long)t->offset -
			 (long)(pr->end - pr->place);
		if (!elf_create_rela(elf, sec, pr->place, t, type, addend)) {
			cdo_fail(c, "%s", elf_last_error());
			return -1;
		}
	}
	if (why && elf == c->patched)
		return add_problem(c, f, why, pr->place, pr->target);
	return 0;
}

/*
 * the short jumps leaving @f reach their veneers after its copy: the k-th
 * (place order) is at f->size + 1 + 5 * k (see cdo-write.c)
 */
static int check_veneers(struct cdo *c, struct elf *elf, struct symbol *f)
{
	struct section *sec = f->sec;
	size_t i = elf_rela_lower_bound(sec, f->offset);
	unsigned long k = 0;

	for (; i < sec->nr_relas && sec->relas[i]->offset < f->offset + f->size;
	     i++) {
		struct rela *r = sec->relas[i];
		unsigned long end = r->offset + 1 - f->offset;

		if (r->type != R_X86_64_PC8)
			continue;
		if (f->size + 1 + 5 * k - end > 127 && elf == c->patched &&
		    add_problem(
			    c, f,
			    "a short jump the assembler resolved leaves the function too far from its end for a veneer",
			    r->offset,
			    r->offset + 1 + (signed char)sec->data[r->offset]))
			return -1;
		k++;
	}
	return 0;
}

static int scan_function(struct cdo *c, struct elf *elf, struct symbol *f)
{
	struct section *sec = f->sec;
	const uint8_t *code;
	uint64_t addr = f->offset;
	size_t left = f->size;
	cs_insn *in;
	int ret = 0;

	if (f->offset + f->size > sec->sh.sh_size)
		return 0;
	in = cs_malloc(cs);
	if (!in) {
		cdo_fail(c, "out of memory");
		return -1;
	}
	code = sec->data + f->offset;
	while (left && !ret) {
		struct pcrel pr;

		if (!cs_disasm_iter(cs, &code, &left, &addr, in)) {
			if (elf == c->patched)
				ret = add_problem(
					c, f,
					"the decoder does not know an instruction, so references the assembler resolved in the shared section cannot be found",
					addr, addr + left);
			break;
		}
		if (!insn_pcrel(in, &pr))
			continue;
		if (pr.target >= f->offset && pr.target < f->offset + f->size)
			continue;
		if (elf_find_rela_in_range(sec, pr.place, pr.width))
			continue;
		ret = convert(c, elf, f, &pr);
	}
	cs_free(in, 1);
	return ret ? ret : check_veneers(c, elf, f);
}

/**
 * cdo_insn_local_refs() - turn the resolved references leaving functions
 * of shared text sections of @elf into relocations (see the top).
 */
int cdo_insn_local_refs(struct cdo *c, struct elf *elf)
{
	struct section *sec;
	size_t i;

	for_each_sec(elf, sec) {
		if (sec_is_rela(sec) || !shared_text(sec))
			continue;
		if (decoder(c))
			return -1;
		for (i = 0; i < sec->nr_syms; i++) {
			struct symbol *f = sec->syms[i];

			if (!is_primary_func(f) || !f->size)
				continue;
			if (scan_function(c, elf, f))
				return -1;
		}
	}
	return c->error ? -1 : 0;
}

/**
 * cdo_insn_refuse() - refuse every included function of the patched object
 * with a reference that could not be converted.
 */
void cdo_insn_refuse(struct cdo *c)
{
	size_t i;

	for (i = 0; i < nr_problems; i++)
		if (cdo_sym_included(problems[i].func))
			cdo_refuse(c, problems[i].func->name, "%s",
				   problems[i].reason);
}

static bool touches_rsi(const cs_insn *in)
{
	cs_regs rd, wr;
	uint8_t nrd, nwr, i;

	if (cs_regs_access(cs, in, rd, &nrd, wr, &nwr) != CS_ERR_OK)
		return true;
	for (i = 0; i < nrd + nwr; i++) {
		uint16_t r = i < nrd ? rd[i] : wr[i - nrd];

		if (r == X86_REG_RSI || r == X86_REG_ESI || r == X86_REG_SI ||
		    r == X86_REG_SIL)
			return true;
	}
	return false;
}

/* "mov $imm32, %esi": the line argument of a (file, line) helper */
static bool is_line_mov(const cs_insn *in)
{
	const cs_x86 *x = &in->detail->x86;

	return in->id == X86_INS_MOV && x->op_count == 2 &&
	       x->operands[0].type == X86_OP_REG &&
	       x->operands[0].reg == X86_REG_ESI &&
	       x->operands[1].type == X86_OP_IMM && x->encoding.imm_size == 4 &&
	       x->operands[1].imm > 0 && x->operands[1].imm < 200000;
}

/*
 * does the %esi set by the instruction ending at @off of @f reach a line
 * taker's call unchanged and unused?  Straight-line code only: no branch,
 * no other use of %rsi before the call.
 */
static bool feeds_line_taker(struct symbol *f, unsigned long off,
			     bool (*taker)(const char *name))
{
	struct section *sec = f->sec;
	const uint8_t *code = sec->data + off;
	size_t left = f->offset + f->size - off;
	uint64_t addr = off;
	bool ok = false;
	cs_insn *in = cs_malloc(cs);
	int n;

	for (n = 0; in && n < 16 && cs_disasm_iter(cs, &code, &left, &addr, in);
	     n++) {
		const cs_x86 *x = &in->detail->x86;
		struct rela *r;

		if (in->id == X86_INS_CALL || in->id == X86_INS_JMP) {
			r = x->encoding.imm_size ?
				    elf_find_rela_by_offset(
					    sec,
					    in->address +
						    x->encoding.imm_offset) :
				    NULL;
			ok = r && r->sym && taker(r->sym->name);
			break;
		}
		if (cs_insn_group(cs, in, CS_GRP_JUMP) ||
		    cs_insn_group(cs, in, CS_GRP_RET) ||
		    cs_insn_group(cs, in, CS_GRP_INT) ||
		    cs_insn_group(cs, in, CS_GRP_IRET) || touches_rsi(in))
			break;
	}
	if (in)
		cs_free(in, 1);
	return ok;
}

/* both are the same line mov, differing only in the immediate */
static bool line_pair(struct symbol *p, const cs_insn *pi, struct symbol *o,
		      const cs_insn *oi, const unsigned char *diff,
		      bool (*taker)(const char *name))
{
	unsigned long a = pi->address - p->offset, k;
	unsigned int imm = pi->detail->x86.encoding.imm_offset;

	if (!is_line_mov(pi) || !is_line_mov(oi) ||
	    oi->detail->x86.encoding.imm_offset != imm)
		return false;
	for (k = 0; k < pi->size; k++)
		if (diff[a + k] && (k < imm || k >= imm + 4u))
			return false;
	return feeds_line_taker(p, pi->address + pi->size, taker) &&
	       feeds_line_taker(o, oi->address + oi->size, taker);
}

/**
 * cdo_insn_lines_only() - are the differing bytes @diff (per byte of @p;
 * relocations are equal) of patched @p and original @o (same size) all
 * immediates of "mov $line, %esi" that reach a (file, line) helper for
 * which @taker is true?  Nothing else is a provable line number.
 */
bool cdo_insn_lines_only(struct cdo *c, struct symbol *p, struct symbol *o,
			 const unsigned char *diff,
			 bool (*taker)(const char *name))
{
	const uint8_t *pc = p->sec->data + p->offset;
	const uint8_t *oc = o->sec->data + o->offset;
	uint64_t pa = p->offset, oa = o->offset;
	size_t pl = p->size, ol = o->size;
	cs_insn *pi, *oi;
	bool ok = true;

	if (decoder(c))
		return false;
	pi = cs_malloc(cs);
	oi = cs_malloc(cs);
	while (ok && pi && oi && pl) {
		unsigned long a = pa - p->offset, k;
		bool differs = false;

		if (!cs_disasm_iter(cs, &pc, &pl, &pa, pi) ||
		    !cs_disasm_iter(cs, &oc, &ol, &oa, oi) ||
		    pi->size != oi->size) {
			ok = false;
			break;
		}
		for (k = 0; k < pi->size; k++)
			differs |= diff[a + k];
		if (differs)
			ok = line_pair(p, pi, o, oi, diff, taker);
	}
	if (!pi || !oi)
		ok = false;
	if (pi)
		cs_free(pi, 1);
	if (oi)
		cs_free(oi, 1);
	return ok;
}
