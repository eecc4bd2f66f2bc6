/**
 * Valences françaises pour ce que les apprenants écrivent d'une formation : mots d'opinion généraux
 * et mots du rythme, des exercices, du formateur, des supports, de la plateforme et de la charge de
 * travail. Keys are folded without accents ("très" → "tres"). Written for this project, so no data
 * licence applies.
 */
import { readLexicon } from './lexicon';

export const FRENCH_LEXICON = readLexicon(
  `
3: excellent parfait parfaitement superbe brillant fantastique formidable exceptionnel genial meilleur passionnant adore inspirant remarquable
3: extraordinaire magnifique top passionnante
2: bien bon clair clairement utile pratique concret pertinent interessant enrichissant agreable apprecie apprecier aime aimer recommande
2: recommander riche vivant dynamique structure organise logique convivial sympathique sympa patient competent reactif intuitif fluide
2: efficace facile accessible constructif detaille merci content ravi satisfait heureux confiant pret motivant stimulant chaleureux accueillant
2: serviable enthousiaste adapte varie progresser progres amelioration ameliorer ameliorerait plaisir amuse impressionne reussi aise
2: recommanderais recommanderai recommandons convient convenait convenu aiderait valait vaut clarte qualite pedagogue pedagogique raisonnable bravo maitrise maitriser
1: disponible disponibilite appris apprendre compris comprendre aide aider aidee sert servir fonctionne fonctionnent fonctionner marche
1: marchait repondu repondre repond apporte apporter apportaient grace accord exigeant correctement beaucoup vite rapidement juste
-1: lent lente long longue lourd basique dense tard retard absent perdu nombreux theorique personne
-2: mal mauvais mediocre ennuyeux ennuye ennuyer ennuie confus flou obsolete decevant decu inutile inutilisable desorganise chaotique
-2: fouillis probleme erreur faute bug plante lenteur difficile complique penible epuisant fatigant agace agacant frustrant frustre
-2: stress stressant manque manquait manquer superficiel repetitif irrealiste ecrasant surcharge arbitraire desagreable meprisant monotone
-2: froid mort pire faible bacle precipite incomprehensible dommage regrette regret desole triste contradictoire ignorait ignore muet
-2: inapplicable empirer alourdir alourdirait eviter casse galere decevante illisible injuste cher
-3: nul nulle catastrophique cauchemar horrible epouvantable deplorable gaspillage catastrophe inadmissible
`,
  `
-3: perte de temps | a eviter | perte d argent
-2: presentation commerciale | aucun rapport | a rien | pas assez | trop de | du mal
-1: mise a jour
-1.5: a peine
1: pas a pas
2: a la hauteur | pas mal | a jour | droit au but | vaut le coup | sans accroc | rien de superflu | a mon rythme | bien rythme | bien pense
3: rien a redire | je recommande | depasse mes attentes
0: merci de
`,
);
