/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pertask.pml - the per-task consistency protocol of consistency/, for spin.
 *
 * Tasks run call chains through two functions f and g of one patch; at each
 * call the ftrace handler picks the version from the task's state (its
 * table entry, or the state of tasks without one), or from the final state
 * once the transition is over.  The engine switches a task only when no
 * frame of the version it leaves is on the task's stack, and only between
 * two steps of the task (the real engine: task not running, or the task
 * itself at a point outside the handler).  A task may be born at any time;
 * the transition may be reversed once; start and reversal give an entry to
 * every task without one before they change the state of the absent ones.
 * A task with an entry may also check itself between two chains (the task
 * work on its way to user mode): it reads the target (the check ranges) in
 * one step and records its state in a later one (another CPU runs the
 * engine meanwhile); a reversal waits until no such check is in flight
 * (cons_sync(): the check runs with preemption disabled) before the engine
 * reads the states again.
 *
 * Checked:
 *   - assertion: no call chain mixes versions (g runs the version f runs);
 *   - ltl "ends": every transition ends (under weak fairness: every task
 *     eventually leaves its chains, i.e. is safe once).
 * Build with -DUNSAFE to switch tasks without the stack check, with
 * -DNOCAPTURE to change the state of tasks without an entry without
 * giving them one first, or with -DNOSYNC for a reversal that does not
 * wait for self-checks in flight (a task then records the abandoned
 * target after the pass that ends the transition): the assertion must
 * then fail (the check script makes sure it does, so the model can fail).
 */

#define NT	2		/* tasks at prepare; task NT is born later */
#define NCHAINS	2		/* call chains each task runs */
#define OLD	0
#define NEW	1

bool has_entry[NT + 1];
bool state[NT + 1];		/* the entry's state */
bool absent_state;		/* state of tasks without an entry */
bool target;
bool started;
bool done;			/* transition finished */
bool final;			/* the version everyone runs once done */
bool reversed;
bool born;			/* task NT exists */
byte frames[NT + 1];		/* patched frames on the task's stack */
bool ver[NT + 1];		/* version of those frames */
bool checking[NT + 1];		/* a self-check in flight */

/* What the handler picks for task t. */
inline pick(t, v)
{
	if
	:: done -> v = final
	:: else ->
		if
		:: has_entry[t] -> v = state[t]
		:: else -> v = absent_state
		fi
	fi
}

/* Give every existing task without an entry one, in state s. */
inline capture(s)
{
	i = 0;
	do
	:: i <= NT ->
		if
		:: (i < NT || born) && !has_entry[i] ->
			has_entry[i] = true;
			state[i] = s
		:: else -> skip
		fi;
		i++
	:: else -> break
	od
}

proctype Task(byte t)
{
	byte n = 0;
	bool v, rt;

	do
	:: n < NCHAINS ->
		/* on its way to user mode: maybe its own check (no patched
		 * frame on its stack here), read and record in two steps */
		if
		:: d_step { started && !done && has_entry[t] ->
				rt = target; checking[t] = true };
			d_step { state[t] = rt; checking[t] = false }
		:: true -> skip
		fi;
		/* call f: the handler chooses, the task enters that version */
		d_step { pick(t, v); frames[t] = 1; ver[t] = v };
		/* f calls g */
		d_step {
			pick(t, v);
			assert(v == ver[t]);	/* no mixed chain */
			frames[t] = 2
		};
		frames[t] = 1;		/* g returns */
		frames[t] = 0;		/* f returns */
		n++
	:: else -> break
	od
}

proctype Engine()
{
	byte i, t;
	bool all;

	/* prepare: every task in the initial state OLD, target NEW */
	d_step {
		target = NEW;
		absent_state = OLD;
		capture(OLD)
	};
	/* start: tasks born since prepare get an entry, then absent = target */
	d_step {
#ifndef NOCAPTURE
		capture(!target);
#endif
		absent_state = target;
		started = true
	};
	do
	:: t = 0;
	   do
	   :: t <= NT ->
		/* try to switch task t: stack check and switch, atomic
		 * with respect to the task (it is not running) */
		d_step {
			if
			:: has_entry[t] && state[t] != target &&
#ifdef UNSAFE
			   true ->
#else
			   (frames[t] == 0 || ver[t] == target) ->
#endif
				state[t] = target
			:: else -> skip
			fi
		};
		t++
	   :: else -> break
	   od;
	   /* reversal, at most once */
	   if
	   :: !reversed ->
		d_step {
			reversed = true;
#ifndef NOCAPTURE
			capture(target);
#endif
			target = !target;
			absent_state = target
		};
#ifndef NOSYNC
		/* cons_sync(): every self-check in flight has recorded */
		(!checking[0] && !checking[1] && !checking[NT])
#endif
	   :: true -> skip
	   fi;
	   /* finished when every entry is in the target state */
	   d_step {
		all = true;
		i = 0;
		do
		:: i <= NT ->
			if
			:: has_entry[i] && state[i] != target -> all = false
			:: else -> skip
			fi;
			i++
		:: else -> break
		od
	   };
	   if
	   :: all && absent_state == target ->
		d_step { final = target; done = true };
		break
	   :: else -> skip
	   fi
	od
}

init
{
	atomic {
		run Engine();
		run Task(0);
		run Task(1)
	};
	/* a task born at any time, in the middle of everything */
	born = true;
	run Task(NT)
}

ltl ends { <> done }
