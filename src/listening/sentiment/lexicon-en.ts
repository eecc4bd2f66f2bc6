/**
 * English valences for what learners write about a course: general opinion words, and the words a
 * review of a training uses for its pace, exercises, trainer, materials, platform and workload.
 * Written for this project (not taken from AFINN or another list), so no data licence applies.
 */
import { readLexicon } from './lexicon';

export const ENGLISH_LEXICON = readLexicon(
  `
3: excellent outstanding superb brilliant fantastic wonderful amazing perfect perfectly awesome exceptional best inspiring loved love fascinating superbly
2: great good clear clearly useful helpful engaging enjoyable enjoyed enjoy interesting practical relevant valuable insightful informative
2: effective efficient organised organized structured friendly patient knowledgeable competent responsive intuitive smooth smoothly impressive
2: impressed recommend recommended liked appreciated appreciate thanks thank grateful glad happy pleased confident rewarding fun nice pleasant
2: concise constructive detailed rich lively enthusiastic passionate welcoming warm worth improvement easy accessible thorough fair varied
2: exceeded exceeds nicely easier adapted concrete logical beneficial successful stimulating motivating agree ready kind generous expert enthusiasm inspired
1: ok okay fine decent learned learnt learn understand understood manageable reasonable suited helped help solve solved apply improve better
1: available availability answered answer benefit plenty lots quickly right challenging fixed
-1.5: harder
-1: slow basic long heavy hard complicated dense late lost absent delay delayed noisy small large theoretical nobody
-2: bad badly poor poorly boring bored confusing confused unclear vague outdated obsolete disappointing disappointed useless pointless messy chaotic
-2: disorganised disorganized unprepared problem problems issue error typo typos wrong broken crash crashed buffering frustrating frustrated
-2: annoying annoyed exhausting tiring tired struggled struggle lacking lack missing shallow superficial irrelevant rushed hurried arbitrary
-2: unrealistic overwhelming overwhelmed stressful dismissive rude monotonous dull tedious clunky unusable impractical fail failed failure
-2: regret sorry waste unfortunately complain complaint silent dead worse weak weakest unhelpful unanswered ignored ignore overloaded
-2: contradictory repetitive difficult inconsistent avoid mess unreadable unfair expensive bug bugs
-3: terrible awful horrible worst nightmare hate hated disaster appalling dreadful unacceptable
`,
  `
-3: waste of time | waste of money | complete waste
-2: out of date | nothing to do with | sales pitch | stay awake | no one | not enough | too much | too many | fell asleep
1: step by step | hands on | a lot | inside out
1.5: not bad
2: works well | met my expectations | meets expectations | meet my expectations
2: not bad at all | up to date | to the point | own pace | nothing to complain about | had fun | well paced | real examples
3: well worth | highly recommended | could not be better
`,
);
